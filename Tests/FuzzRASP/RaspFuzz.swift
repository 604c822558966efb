import Foundation
import FuzzSupport
import ReckonRASP

/// The `.rasp` pipeline under fuzzing. The bytes are read as a program's text; if it parses, it is
/// printed and parsed again, interpreted on a few short inputs, compiled with small bounds, run and
/// shown: the steps a user's program reaches through `reckon rasp`. Not verified: the verifier runs
/// the same interpreter and model on more inputs, and under AddressSanitizer it took 18 ms an
/// input, nine tenths of the time.
/// A hostile program must end in a one-line error at some step, never a crash, a hang (libFuzzer's
/// `-timeout`) or a multi-GiB allocation (`-rss_limit_mb`).
///
/// `make fuzz FUZZ_TARGET=RaspFuzz` builds this with `-sanitize=fuzzer,address`; a plain build is
/// a replay tool: `RaspFuzz FILE_OR_DIR...` runs each file once, for reproducing a crash.
enum RaspFuzz {
    /// Numbers and strings, so that both kinds of functions and comparisons are reached.
    static let vocabulary: [Value] = [0, 1, 2, "a", "("]
    static let maxLength = 5
    /// Inputs for the interpreter, up to the compiled length, plus one longer than it.
    static let inputs: [[Value]] = [[], [0], ["a", 1], [2, "(", "a", 0], [1, 1, 2, 2, 0, "a", "("]]

    /// Compile bounds far below the CLI's, so one input takes milliseconds and megabytes: a program
    /// the CLI would compile slowly but within its limits is not what this target looks for.
    static let options: CompileOptions = {
        var o = CompileOptions()
        o.maxValueSetWork = 10_000
        o.maxStoredValues = 100_000
        o.maxCategoricalValues = 1_000
        o.maxModelBytes = 32 << 20
        return o
    }()

    static func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        guard let program = try? Program(parsing: text) else { return }
        _ = try? Program(parsing: ProgramPrinter.text(of: program))
        let interpreter = Interpreter(program)
        for input in inputs { _ = try? interpreter.run(input) }
        guard let model = try? Compiler.compile(program, vocabulary: vocabulary, maxLength: maxLength, options: options)
        else { return }
        for input in inputs { _ = try? model.run(input) }
        _ = ModelTable.text(model)
        _ = ModelDiagram.svg(model)
    }
}

/// The executable's entry (FuzzSupport: libFuzzer's driver in a fuzzing build, else a replay).
@main
enum RaspFuzzMain {
    static func main() { FuzzDriver.main(RaspFuzz.run) }
}
