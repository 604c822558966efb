import Testing

@testable import ReckonRASP

/// Each primitive against tracr's evaluator semantics (rasp.py's DefaultRASPEvaluator).
@Suite struct InterpreterTests {
    func run(_ text: String, _ input: [Value]) throws -> [Value?] {
        try Interpreter(try Program(parsing: text)).run(input)
    }

    @Test func tokensAndIndices() throws {
        #expect(try run("o = map(x -> x, tokens)\n", ["a", 2, "c"]) == ["a", 2, "c"])
        #expect(try run("o = map(x -> x, indices)\n", ["a", 2, "c"]) == [0, 1, 2])
        #expect(try run("o = map(x -> x, tokens)\n", []) == [])
    }

    @Test func mapAndSequenceMap() throws {
        #expect(try run("o = tokens * 2 + 1\n", [1, 2, 3]) == [3, 5, 7])
        #expect(try run("o = tokens - indices\n", [5, 5, 5]) == [5, 4, 3])
        #expect(try run("o = sequence_map((a, b) -> a * 10 + b, tokens, indices)\n", [1, 2]) == [10, 21])
        #expect(try run("o = tokens == \"a\"\n", ["a", "b"]) == [1, 0])
    }

    /// tracr's comparisons are predicate(key, query): LT selects keys smaller than the query.
    @Test func everyComparison() throws {
        // On [2, 3, 1, 2]: EQ counts equal tokens, LT smaller keys, GT larger keys.
        let input: [Value] = [2, 3, 1, 2]
        #expect(try run("o = selector_width(select(tokens, tokens, EQ))\n", input) == [2, 1, 1, 2])
        #expect(try run("o = selector_width(select(tokens, tokens, NEQ))\n", input) == [2, 3, 3, 2])
        #expect(try run("o = selector_width(select(tokens, tokens, LT))\n", input) == [1, 3, 0, 1])
        #expect(try run("o = selector_width(select(tokens, tokens, LEQ))\n", input) == [3, 4, 1, 3])
        #expect(try run("o = selector_width(select(tokens, tokens, GT))\n", input) == [1, 0, 3, 1])
        #expect(try run("o = selector_width(select(tokens, tokens, GEQ))\n", input) == [3, 1, 4, 3])
        #expect(try run("o = selector_width(select(tokens, tokens, TRUE))\n", input) == [4, 4, 4, 4])
        #expect(try run("o = selector_width(select(tokens, tokens, FALSE))\n", input) == [0, 0, 0, 0])
        // A custom predicate gets (key, query) in that order.
        #expect(try run("o = selector_width(select(indices, indices, (k, q) -> k == q - 1))\n", input) == [0, 1, 1, 1])
    }

    @Test func aggregateFollowsTracrsMean() throws {
        // Nothing selected: the default (None unless given).
        #expect(try run("o = aggregate(select(indices, indices, FALSE), tokens)\n", [1, 2]) == [nil, nil])
        #expect(try run("o = aggregate(select(indices, indices, FALSE), tokens, default: 0)\n", [1, 2]) == [0, 0])
        // One selected: that value, whatever it is.
        #expect(try run("o = aggregate(select(indices, indices, EQ), tokens)\n", ["a", "b"]) == ["a", "b"])
        // Several numbers: their mean, even for a categorical aggregate (tracr issue #11's program).
        #expect(try run("o = aggregate(select(indices, indices, LEQ), tokens)\n", [1, 2, 6]) == [1, 1.5, 3])
        // Several non-numbers: an error, even when they are equal (tracr's _mean raises).
        #expect(throws: EvaluationError.self) {
            try run("o = aggregate(select(indices, indices, TRUE), tokens)\n", ["a", "a"])
        }
        // A None among several: an error too.
        let withNone = """
            s = aggregate(select(indices, indices, (k, q) -> k == q - 1), tokens)
            o = aggregate(select(indices, indices, TRUE), s)
            """
        #expect(throws: EvaluationError.self) { try run(withNone, [1, 2]) }
    }

    @Test func noneFlowsThroughMapsAndStopsSelects() throws {
        let shifted = "s = aggregate(select(indices, indices, (k, q) -> k == q - 1), tokens)\n"
        #expect(try run(shifted, [1, 2, 3]) == [nil, 1, 2])
        #expect(try run(shifted + "o = s + 10\n", [1, 2, 3]) == [nil, 11, 12])
        #expect(try run(shifted + "o = s + tokens\n", [1, 2, 3]) == [nil, 3, 5])
        // tracr's Comparison raises "key is None!" / "query is None!".
        do {
            _ = try run(shifted + "o = selector_width(select(s, tokens, EQ))\n", [1, 2, 3])
            Issue.record("a None key should fail")
        } catch let e as EvaluationError {
            #expect(e.label == "o" || e.label.hasPrefix("select"))
            #expect(e.reason.contains("key is None"))
        }
        #expect(throws: EvaluationError.self) {
            try run(shifted + "o = selector_width(select(tokens, s, EQ))\n", [1, 2])
        }
    }

    @Test func selectorWidthAndSelectorAnd() throws {
        #expect(try run("o = selector_width(select(tokens, tokens, TRUE))\n", ["a", "b", "c"]) == [3, 3, 3])
        let both = "o = selector_width(select(tokens, tokens, EQ) and select(indices, indices, LT))\n"
        #expect(try run(both, ["a", "b", "a", "a"]) == [0, 0, 1, 2])
    }

    @Test func failuresNameTheSOpAndPosition() throws {
        do {
            _ = try run("ratio = map(x -> 1 / x, tokens)\n", [1, 0])
            Issue.record("division by zero should fail")
        } catch let e as EvaluationError {
            #expect(e.label == "ratio")
            #expect(e.position == 1)
            #expect(e.location == SourceLocation(line: 1, column: 9))
            #expect(e.description.contains("division by zero"))
        }
    }

    @Test func traceHoldsEverySOpAndSelector() throws {
        let program = try ProgramLibrary.program(named: "reverse").program
        let interpreter = Interpreter(program)
        let trace = try interpreter.trace(["a", "b", "c"])
        let graph = interpreter.graph
        #expect(trace.values[graph.index(ofLabel: "length")!] == [3, 3, 3])
        #expect(trace.values[graph.index(ofLabel: "opp_idx_1")!] == [2, 1, 0])
        let selector = graph.nodes.firstIndex { $0.selector != nil }!
        #expect(trace.selections[selector] == [[true, true, true], [true, true, true], [true, true, true]])
    }
}
