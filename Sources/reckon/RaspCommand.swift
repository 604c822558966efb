import ArgumentParser
import Foundation
import ReckonNN
import ReckonRASP
import ReckonSupport

/// `reckon rasp …`: write an algorithm as a RASP program, run it, compile it into transformer
/// weights and verify that the two agree.
struct Rasp: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "RASP programs: list, run, compile to transformer weights, verify, show.",
        discussion: "A PROGRAM is a .rasp file, lib:<name> (see `reckon rasp list`) or a directory written by "
            + "`reckon rasp compile`.",
        subcommands: [RaspList.self, RaspRun.self, RaspCompile.self, RaspVerify.self, RaspShow.self])
}

/// Flags shared by the commands that compile.
struct CompileFlags: ParsableArguments {
    @Option(help: "The tokens, comma-separated (a,b,c); the library program's own if omitted.") var vocab: String?
    @Option(help: "The longest input the model takes; the library program's own (64) if omitted.") var maxLength: Int?
    @Option(help: "Assume an s-op's values instead of inferring them: label=v1,v2,… (repeatable; for experiments).")
    var assume: [String] = []

    /// The program's model: loaded if PROGRAM is a compiled directory, else compiled now.
    func model(for reference: ProgramReference) throws -> CompiledModel {
        if case .model(let m, _) = reference {
            guard vocab == nil, maxLength == nil, assume.isEmpty else {
                throw RaspUsageError("--vocab, --max-length and --assume do not apply to an already compiled model")
            }
            return m
        }
        let (v, n, options) = try settings(for: reference)
        return try Compiler.compile(reference.program, vocabulary: v, maxLength: n, options: options)
    }

    /// The vocabulary, maximum length and options to compile `reference` with.
    func settings(for reference: ProgramReference) throws -> ([Value], Int, CompileOptions) {
        let (v, n) = try reference.compileSettings(vocabulary: vocab, maxLength: maxLength)
        var options = CompileOptions()
        for a in assume {
            let parts = a.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw RaspUsageError("--assume takes label=v1,v2,…, got '\(a)'") }
            options.assumedValues[String(parts[0])] = try RaspInput.vocabulary(String(parts[1]))
        }
        return (v, n, options)
    }
}

struct RaspList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the library's programs, or print one's source.")

    @Argument(help: "A library program whose source to print.") var name: String?

    func run() throws {
        if let name {
            let bare = name.hasPrefix("lib:") ? String(name.dropFirst(4)) : name
            let p = try userErrors { try ProgramLibrary.program(named: bare) }
            print(p.source, terminator: "")
            return
        }
        let width = ProgramLibrary.all.map(\.name.count).max() ?? 0
        for p in ProgramLibrary.all {
            print("lib:\(p.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(p.summary)")
            let vocabulary = p.vocabulary.map(\.description).joined(separator: ",")
            print(
                "    \(String(repeating: " ", count: width + 2))vocab \(vocabulary), "
                    + "max length \(p.maxLength); from \(p.origin)")
        }
    }
}

struct RaspRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a program on one input: the interpreter, or the compiled model (a compiled directory "
            + "or --compiled).")

    @Argument(help: "A .rasp file, lib:<name> or a compiled model's directory.") var program: String
    @Option(help: "Space-separated tokens, e.g. \"a b c\".") var input: String
    @Flag(help: "Compile first (with --vocab/--max-length or the library's) and run the model.") var compiled = false
    @OptionGroup var flags: CompileFlags

    func run() throws {
        let tokens = RaspInput.tokens(input)
        let output: [String] = try userErrors {
            let reference = try ProgramReference.resolve(program)
            var useModel = compiled
            if case .model = reference { useModel = true }
            if useModel {
                return try flags.model(for: reference).run(tokens).map(Verifier.formatDecoded)
            }
            if let vocab = flags.vocab {
                let v = try RaspInput.vocabulary(vocab)
                if let bad = tokens.first(where: { !v.contains($0) }) { throw InputError.notInVocabulary(bad, v) }
            }
            if let n = flags.maxLength, tokens.count > n { throw InputError.tooLong(tokens.count, maxLength: n) }
            return try Interpreter(reference.program).run(tokens).map(\.text)
        }
        print(output.joined(separator: " "))
    }
}

struct RaspCompile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a program into transformer weights: DIR/model.safetensors (program and layout "
            + "in its metadata).")

    @Argument(help: "A .rasp file or lib:<name>.") var program: String
    @OptionGroup var flags: CompileFlags
    @Option(
        help: ArgumentHelp(
            "The folder to write: absent, empty, or one an earlier compile wrote.",
            discussion: "An earlier compile's folder (model.safetensors, program.rasp and eval-*.csv only) gets "
                + "the new model and program, and its eval-*.csv results, which scored the old model, are removed. "
                + "Any other folder is refused and left as it is."))
    var out: String

    func run() throws {
        let dir = URL(fileURLWithPath: out)
        let model = try userErrors { () throws -> CompiledModel in
            let reference = try ProgramReference.resolve(program)
            if case .model = reference { throw RaspUsageError("'\(program)' is already compiled") }
            let (v, n, options) = try flags.settings(for: reference)
            // The folder is checked before compiling, so a mistyped --out costs no compile.
            try CompiledModelFolder.check(dir)
            let model = try Compiler.compile(reference.program, vocabulary: v, maxLength: n, options: options)
            try CompiledModelFolder.write(model, to: dir)
            return model
        }
        let a = model.architecture
        let file = dir.appendingPathComponent(ProgramReference.modelFileName).path
        print(
            "\(a.output): \(a.layers.count) layers, \(a.headCount) heads, \(a.mlpCount) MLPs, residual width "
                + "\(model.residualWidth), \(model.parameterCount) parameters -> \(file)")
    }
}

struct RaspVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the compiled model's output equals the interpreter's: every input up to a length, "
            + "random ones beyond.",
        discussion: "Exits with 0 when they agree on every input checked, 1 with the first counterexample "
            + "when they do not.")

    @Argument(help: "A .rasp file, lib:<name> or a compiled model's directory.") var program: String
    @OptionGroup var flags: CompileFlags
    @Option(help: "The most inputs to enumerate exhaustively, over all lengths from 1 (default 20000).")
    var exhaustiveLimit = 20_000
    @Option(help: "Random inputs per length beyond the exhaustive bound (default 16).") var samples = 16
    @Option(help: "Random seed (default 0).") var seed: UInt64 = 0
    @Option(help: "Largest accepted difference of a numerical output (default 0.001).") var tolerance = 1e-3

    func run() throws {
        let model = try userErrors { () throws -> CompiledModel in
            guard exhaustiveLimit >= 0, samples >= 0, tolerance >= 0 else {
                throw RaspUsageError("--exhaustive-limit, --samples and --tolerance must not be negative")
            }
            return try flags.model(for: try ProgramReference.resolve(program))
        }
        var options = Verifier.Options()
        options.exhaustiveLimit = exhaustiveLimit
        options.samplesPerLength = samples
        options.seed = seed
        options.tolerance = tolerance
        let a = model.architecture
        print(
            "\(a.output): \(a.layers.count) layers, \(a.headCount) heads, residual width \(model.residualWidth); "
                + "vocabulary {\(model.vocabulary.map(\.description).joined(separator: ", "))}, "
                + "max length \(model.maxLength)")
        let report = Verifier(model, options: options).verify()
        print(report.summary)
        if !report.passed { throw ExitCode(1) }
    }
}

struct RaspShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a compiled program: layers, heads, MLPs and the residual stream's layout.")

    @Argument(help: "A .rasp file, lib:<name> or a compiled model's directory.") var program: String
    @OptionGroup var flags: CompileFlags
    @Option(help: "Also write an SVG diagram to this path.") var svg: String?

    func run() throws {
        let model = try userErrors { try flags.model(for: try ProgramReference.resolve(program)) }
        print(ModelTable.text(model), terminator: "")
        if let svg {
            try userErrors { try AtomicFile.write(string: ModelDiagram.svg(model), to: URL(fileURLWithPath: svg)) }
        }
    }
}
