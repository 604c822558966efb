import Foundation
import ReckonNN
import Testing

@testable import ReckonRASP

/// The bounds of `RaspLimits` at the library level: programs at each bound work (on a thread with a
/// small stack), one step past is a one-line error, and the compiler and interpreter refuse work
/// beyond their limits before allocating it.
@Suite struct RaspLimitTests {
    /// The error `body` threw, or nil, after running it on a new thread with a `bytes` stack: a
    /// stack overflow there kills the test process, so passing shows the work fits.
    func onThread(stack bytes: Int, _ body: @escaping @Sendable () throws -> Void) -> Error? {
        final class Outcome: @unchecked Sendable { var error: Error? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do { try body() } catch { outcome.error = error }
            done.signal()
        }
        thread.stackSize = bytes
        thread.start()
        done.wait()
        return outcome.error
    }

    /// A program nesting `count` times in one of the ways the grammar nests.
    static func program(_ kind: String, _ count: Int) -> String {
        func rep(_ s: String, _ k: Int) -> String { String(repeating: s, count: k) }
        switch kind {
        case "parentheses": return "x = " + rep("(", count) + "tokens" + rep(")", count)
        case "maps": return "x = " + rep("map(v -> v + 1, ", count) + "tokens" + rep(", simplify: false)", count)
        case "not": return "x = " + rep("not ", count) + "tokens"
        case "minus": return "x = " + rep("-", count) + "tokens"
        case "chain": return "x = tokens" + rep(" + 1", count)
        case "function": return "x = map(v -> " + rep("(", count) + "v + 1" + rep(")", count) + ", tokens)"
        case "conditionals":
            return "x = map(v -> " + rep("if v == 1 then 1 else (", count) + "v" + rep(")", count) + ", tokens)"
        default: return "x = tokens" + rep(" and tokens", count)  // sequence maps
        }
    }

    /// The deepest count the parser accepts for each kind: the statement, a call's argument and a
    /// function's body are levels too, and a conditional's branch in parentheses is two.
    static let deepest: [(kind: String, count: Int)] = [
        ("parentheses", RaspLimits.nesting - 1), ("maps", RaspLimits.nesting - 3), ("not", RaspLimits.nesting - 1),
        ("minus", RaspLimits.nesting - 1), ("chain", RaspLimits.nesting - 1), ("function", RaspLimits.nesting - 3),
        ("conditionals", RaspLimits.nesting / 2 - 2), ("sequence maps", RaspLimits.nesting - 1),
    ]

    /// At the bound the whole pipeline (parse, interpret, compile, verify, print and parse again,
    /// free) runs on a 256 KiB thread, half of what a secondary thread gets on Linux; one level more
    /// is a `ParseError` naming the limit. Parsing runs on its own 8 MiB thread (`LargeStack`).
    @Test(arguments: 0..<8)
    func theNestingBoundHoldsOnASmallStack(_ index: Int) throws {
        let (kind, count) = Self.deepest[index]
        let text = Self.program(kind, count)
        let error = onThread(stack: 256 << 10) {
            let program = try Program(parsing: text)
            _ = try Interpreter(program).run([1, 2])
            let model = try Compiler.compile(program, vocabulary: [1, 2], maxLength: 3)
            var o = Verifier.Options()
            o.samplesPerLength = 1
            _ = Verifier(model, options: o).verify()
            _ = try Program(parsing: ProgramPrinter.text(of: program))
        }
        #expect(error == nil, "\(kind): \(String(describing: error))")
        let deeper = #expect(throws: ParseError.self, "\(kind)") { try Program(parsing: Self.program(kind, count + 1)) }
        #expect(deeper?.message.contains("nest at most \(RaspLimits.nesting) levels") == true, "\(kind)")
    }

    /// Fusing a map of a map substitutes one body into the other; `x -> x + x` doubles it each time,
    /// so 40 of them would make a function of 2⁴⁰ nodes. Fusion stops at the node bound and the
    /// rest stay separate maps, with the same values.
    @Test func fusingMapsStopsBeforeTheFunctionExplodes() throws {
        let text =
            "x = numerical(" + String(repeating: "map(v -> v + v, ", count: 40) + "indices"
            + String(repeating: ")", count: 40) + ")\n"
        let program = try Program(parsing: text)
        #expect(program.graph.nodes.count > 3)
        let out = try Interpreter(program).run([1, 2, 3])
        #expect(out == [0, .number(Double(1 << 40)), .number(Double(2 << 40))])
    }

    /// `s2 = s1 and s1` doubles the conjuncts with every statement; the 7th doubling passes 64.
    @Test func selectorConjunctsAreBounded() throws {
        var lines = ["s0 = select(tokens, tokens, EQ)"]
        for i in 1...7 { lines.append("s\(i) = s\(i - 1) and s\(i - 1)") }
        lines.append("w = selector_width(s7)")
        let error = #expect(throws: ParseError.self) { try Program(parsing: lines.joined(separator: "\n")) }
        #expect(error?.message.contains("joins at most 64 selects with 'and'; this one would join 128") == true)
        #expect(error?.location == SourceLocation(line: 8, column: 9))
    }

    @Test func programsAreBoundedInSizeAndInNodes() throws {
        let big = String(repeating: "# padding\n", count: RaspLimits.sourceBytes / 10 + 1) + "x = tokens\n"
        let size = #expect(throws: ParseError.self) { try Program(parsing: big) }
        #expect(size?.message.contains("a program has at most 1048576") == true)
        var lines = ["s0 = tokens + 1"]
        for i in 1..<RaspLimits.programNodes { lines.append("s\(i) = s\(i - 1) + 1") }
        let nodes = #expect(throws: ParseError.self) { try Program(parsing: lines.joined(separator: "\n")) }
        #expect(nodes?.location.line == RaspLimits.programNodes)
        // One statement fewer is the largest program: tokens and 999 maps.
        let largest = try Program(parsing: lines.dropLast().joined(separator: "\n"))
        #expect(largest.graph.nodes.count == RaspLimits.programNodes)
    }

    /// n² × (selects, selector `and`s, aggregates, selector widths) ≤ 2²⁶, and n ≤ 4096.
    @Test func theInterpreterRefusesInputsPastItsCells() throws {
        let reverse = Interpreter(try ProgramLibrary.program(named: "reverse").program)
        #expect(reverse.longestInput == 4096)  // 4 quadratic nodes: 4096² × 4 = 2²⁶
        let input = [Value](repeating: "a", count: 4097)
        #expect(throws: InputError.self) { try reverse.run(input) }
        let maps = Interpreter(try Program(parsing: "x = tokens + 1\n"))
        #expect(maps.longestInput == RaspLimits.maxLength)
    }

    @Test func theCompilerChecksItsBoundsBeforeAllocating() throws {
        let program = try ProgramLibrary.program(named: "reverse").program
        func message(_ body: () throws -> Any) -> String {
            do {
                _ = try body()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(
            message { try Compiler.compile(program, vocabulary: ["a"], maxLength: 4097) }
                .contains("between 1 and 4096, got 4097"))
        let vocabulary = (0...RaspLimits.vocabulary).map { Value.number(Double($0)) }
        #expect(
            message { try Compiler.compile(program, vocabulary: vocabulary, maxLength: 2) }.contains("at most 10000"))
        var small = CompileOptions()
        small.maxModelBytes = 1 << 20
        #expect(
            message { try Compiler.compile(program, vocabulary: ["a", "b"], maxLength: 64, options: small) }
                .contains("the limit is 1 MiB"))
        var assume = CompileOptions()
        assume.assumedValues["nolabel"] = [1, 2]
        #expect(
            message { try Compiler.compile(program, vocabulary: ["a"], maxLength: 4, options: assume) }
                .contains("cannot assume the values of 'nolabel'"))
        let huge = try Program(parsing: "x = numerical(map(v -> 1e300, tokens))\n")
        #expect(message { try Compiler.compile(huge, vocabulary: ["a"], maxLength: 4) }.contains("float32"))
    }

    /// The budget counts what the compiler builds, close enough to refuse only what is too large:
    /// the library's programs at length 64 need a few MB to a few tens of MB each.
    @Test func theBudgetEstimatesTheLibraryWithinItsBound() throws {
        for lib in ProgramLibrary.all {
            let graph = lib.program.graph
            let values = try ValueSetInference.infer(
                graph, vocabulary: lib.vocabulary, maxLength: lib.maxLength, options: CompileOptions())
            let budget = ModelBudget(
                graph, values: values, schedule: LayerSchedule(graph), vocabulary: lib.vocabulary.count,
                maxLength: lib.maxLength)
            let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: lib.maxLength)
            #expect(budget.parameters >= Double(model.parameterCount), "\(lib.name)")
            #expect(budget.parameters <= 2 * Double(model.parameterCount), "\(lib.name)")
            #expect(budget.bytes < 64e6, "\(lib.name)")
        }
    }

    /// A model file whose metadata was edited: an output without directions trapped on a force
    /// unwrap, a span past the stream read outside it; now each is a `ModelFileError`.
    @Test func aTamperedModelFileIsRefusedOnLoad() throws {
        let lib = try ProgramLibrary.program(named: "reverse")
        let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 4)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rasp-tampered-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("model.safetensors")
        try model.save(to: url)
        let file = try Safetensors.read(from: url)
        let edits: [(String, String, String)] = [
            ("architecture", "\"output\":\"reverse\"", "\"output\":\"nope\""),
            ("residual_layout", "\"start\":2", "\"start\":9999"),
            ("architecture", "\"keySize\":", "\"keySize\":9223372036854775,\"x\":"),
        ]
        for (key, old, new) in edits {
            var metadata = file.metadata
            let text = try #require(metadata[key])
            try #require(text.contains(old), "\(key) lacks \(old)")
            metadata[key] = text.replacingOccurrences(of: old, with: new)
            try Safetensors.write(file.tensors, metadata: metadata, to: url)
            #expect(throws: ModelFileError.self, "\(new)") { try CompiledModel.load(from: url) }
        }
    }
}
