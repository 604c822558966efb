import ReckonSupport
import ReckonTensor
import Testing
@testable import ReckonRASP

/// Every library program: its interpreted output against a hand-written Swift function on random
/// inputs, and its compiled model verified against the interpreter to length 64 (exhaustively up
/// to a small bound here; `reckon rasp verify` takes a larger budget, see docs/reference/rasp.md).
@Suite struct LibraryTests {
    /// Hand-written references: the task each program claims to solve, written directly.
    nonisolated(unsafe) static let references: [String: ([Value]) -> [Value?]] = [
        "length": { x in x.map { _ in .number(Double(x.count)) } },
        "reverse": { x in x.reversed() },
        "histogram": { x in x.map { t in .number(Double(x.filter { $0 == t }.count)) } },
        "sort_unique": { x in x.map(\.number!).sorted().map { .number($0) } },
        "sort": { x in x.map(\.number!).sorted().map { .number($0) } },
        "frac_prevs": { x in
            x.indices.map { i in .number(Double(x[...i].filter { $0 == "x" }.count) / Double(i + 1)) }
        },
        "most_frequent": { x in
            let count = Dictionary(x.map { ($0, 1) }, uniquingKeysWith: +)
            // A stable sort by descending count (Swift's sort is not stable, so sort on (−count, position)).
            return x.indices.sorted { (-count[x[$0]]!, $0) < (-count[x[$1]]!, $1) }.map { x[$0] }
        },
        "dyck1": { x in balanced(x, pairs: [("(", ")")]) },
        "dyck2": { x in balanced(x, pairs: [("(", ")"), ("{", "}")]) },
        "count": { x in
            let t = x.map(\.number!)
            return t.indices.map { i -> Value? in
                let start = (0...i).last { t[$0] == -1 } ?? 0   // no START yet: position 0 stands in
                guard start + 1 < t.count else { return nil }
                if i == start + 2 { return .number(t[start + 1]) }
                guard start + 2 < t.count else { return nil }
                return .number(t[i] == t[start + 2] ? -2 : t[i] + 1)
            }
        },
        "induction": { x in
            x.indices.map { i -> Value? in
                guard i >= 1, let j = (1...i).first(where: { x[$0 - 1] == x[i] }) else { return nil }
                return x[j]
            }
        },
    ]

    /// 1 everywhere if every kind of bracket has a running balance that never dips below 0 and ends at 0.
    static func balanced(_ x: [Value], pairs: [(Value, Value)]) -> [Value?] {
        let ok = pairs.allSatisfy { open, close in
            var depth = 0
            for t in x {
                if t == open { depth += 1 }
                if t == close { depth -= 1; if depth < 0 { return false } }
            }
            return depth == 0
        }
        return x.map { _ in .number(ok ? 1 : 0) }
    }

    /// Random inputs for a program: uniform tokens, plus balanced words for the bracket languages
    /// (uniform strings are almost never balanced), distinct keys for sort_unique, and prompts for count.
    static func input(_ lib: LibraryProgram, length n: Int, rng: inout RandomGenerator) -> [Value] {
        switch lib.name {
        case "sort_unique":
            var pool = Array(0..<200).map { Value(integerLiteral: $0) }
            for i in 0..<n { pool.swapAt(i, i + rng.nextInt(below: pool.count - i)) }
            return Array(pool.prefix(n))
        case "dyck1", "dyck2":
            guard rng.nextBool(), n % 2 == 0 else { break }
            var word: [Value] = [], open: [Value] = []
            let kinds: [(Value, Value)] = lib.name == "dyck1" ? [("(", ")")] : [("(", ")"), ("{", "}")]
            while word.count < n {
                let remaining = n - word.count
                if !open.isEmpty && (remaining == open.count || rng.nextBool()) {
                    word.append(open.removeLast())
                } else {
                    let k = kinds[rng.nextInt(below: kinds.count)]
                    word.append(k.0); open.append(k.1)
                }
            }
            return word
        case "count":
            guard n >= 3, rng.nextBool() else { break }
            let s = rng.nextInt(below: 4), e = s + rng.nextInt(below: 4 - s)
            var prompt: [Value] = [-1, .number(Double(s)), .number(Double(e))]
            var next = s
            while prompt.count < n { prompt.append(.number(Double(next <= e ? next : -2))); next += 1 }
            return prompt
        default: break
        }
        return (0..<n).map { _ in lib.vocabulary[rng.nextInt(below: lib.vocabulary.count)] }
    }

    @Test(arguments: ProgramLibrary.all.map(\.name))
    func interpreterMatchesTheSwiftReference(_ name: String) throws {
        let lib = try ProgramLibrary.program(named: name)
        let reference = try #require(LibraryTests.references[name])
        let interpreter = Interpreter(lib.program)
        var rng = RandomGenerator(seed: 19)
        for _ in 0..<200 {
            let n = 1 + rng.nextInt(below: 64)
            let x = LibraryTests.input(lib, length: n, rng: &rng)
            #expect(try interpreter.run(x) == reference(x), "\(name) on \(x.map(\.description).joined(separator: " "))")
        }
    }

    /// Exhaustive bounds here (under 3000 inputs): length 6 for three tokens, 10 for two, 5 for four,
    /// 4 for six; then 2 random inputs at every longer length up to 64.
    @Test(arguments: ProgramLibrary.all.map(\.name))
    func compiledModelAgreesWithTheInterpreterToLength64(_ name: String) throws {
        let lib = try ProgramLibrary.program(named: name)
        #expect(lib.maxLength == 64)
        let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: lib.maxLength)
        var options = Verifier.Options()
        options.exhaustiveLimit = 3000
        options.samplesPerLength = 2
        let report = Verifier(model, options: options).verify()
        #expect(report.passed, "\(name): \(report.summary)")
        #expect(report.exhaustiveLength >= 4)
        #expect(report.randomLengths?.upperBound == 64)
        #expect(report.maxCategoricalDeviation < 0.01)
        // Absolute error: counts up to 63 come back within 2e-3 (the verifier's tolerance is relative).
        #expect(report.maxNumericalError < 5e-3)
    }

    /// The two RASP-L programs doing what Zhou et al. use them for, on the compiled model.
    @Test func compiledCountGeneratesTheCountAndInductionCopies() throws {
        let count = try ProgramLibrary.program(named: "count")
        let counter = try Compiler.compile(count.program, vocabulary: count.vocabulary, maxLength: 16)
        for (s, e) in [(0, 3), (1, 2), (2, 2)] {
            var sequence: [Value] = [-1, .number(Double(s)), .number(Double(e))]
            while sequence.count < 16, let next = try counter.run(sequence).last, let token = next, token != -2 {
                sequence.append(token)
            }
            #expect(Array(sequence.dropFirst(3)) == (s...e).map { .number(Double($0)) }, "count from \(s) to \(e)")
        }
        let induction = try ProgramLibrary.program(named: "induction")
        let copier = try Compiler.compile(induction.program, vocabulary: induction.vocabulary, maxLength: 16)
        let prompt: [Value] = [2, 0, 3, 1]
        var sequence = prompt + [prompt[0]]
        while sequence.count < 2 * prompt.count, let next = try copier.run(sequence).last, let token = next {
            sequence.append(token)
        }
        #expect(sequence == prompt + prompt)
    }
}
