import Foundation
import ReckonRASP

/// The `.rasp` pipeline under fuzzing. The bytes are read as a program's text; if it parses, it is
/// printed and parsed again, interpreted on a few short inputs, compiled with small bounds, run and
/// shown: the steps a user's program reaches through `reckon rasp`. Not verified: the verifier runs
/// the same interpreter and model on more inputs, and under AddressSanitizer it took 18 ms an
/// input, nine tenths of the time.
/// A hostile program must end in a one-line error at some step, never a crash, a hang (libFuzzer's
/// `-timeout`) or a multi-GiB allocation (`-rss_limit_mb`).
///
/// `make fuzz FUZZ_TARGET=RaspFuzz` builds this with `-sanitize=fuzzer,address` (libFuzzer calls
/// `LLVMFuzzerTestOneInput`); a plain build is a replay tool: `RaspFuzz FILE_OR_DIR...` runs each
/// file once, for reproducing a crash libFuzzer reported.
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

/// libFuzzer's entry for one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRasp(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    RaspFuzz.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

#if RECKON_LIBFUZZER
/// libFuzzer's driver (compiler-rt, "fuzzer" runtime); see Tests/Fuzz/CheckpointFuzz.swift for why
/// the entry point hands over to it.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// The executable's entry: libFuzzer's driver in a fuzzing build, else a replay of the files and
/// folders named on the command line.
@main
enum RaspFuzzMain {
    static func main() {
        #if RECKON_LIBFUZZER
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { bytes, count in fuzzRasp(bytes, count) })
        #else
        let fm = FileManager.default
        var files: [String] = []
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? fm.contentsOfDirectory(atPath: argument)) ?? []
                files += names.sorted().map { argument + "/" + $0 }
            } else {
                files.append(argument)
            }
        }
        for path in files {
            guard let data = fm.contents(atPath: path) else { continue }
            RaspFuzz.run(data)
        }
        print("replayed \(files.count) inputs")
        #endif
    }
}
