import Testing

@testable import ReckonRASP

/// The text syntax: what parses, the errors with line:column, printing, and the Swift DSL.
@Suite struct ParserTests {
    /// The error a text gives: its position and message.
    func error(_ text: String) -> ParseError? {
        do {
            _ = try Program(parsing: text)
            return nil
        } catch let e as ParseError { return e } catch { return nil }
    }

    @Test func errorsGiveLineColumnAndOneLine() throws {
        let cases: [(String, Int, Int, String)] = [
            ("x = map(x -> x + , tokens)\n", 1, 18, "expected a value"),
            ("a = tokens\nb = aggregate(select(indices, indices, EQ), lenght)\n", 2, 45, "'lenght' is not defined"),
            ("a = select(tokens, tokens, eq)\n", 1, 28, "comparisons are upper case: EQ"),
            ("a = map(x -> x + 1, tokens, indices)\n", 1, 5, "map takes 2 arguments"),
            ("a = map((x, y) -> x, tokens)\n", 1, 9, "takes 1 parameter"),
            ("a = tokens + 1\na = tokens\n", 2, 1, "already defined at 1:1"),
            ("a = select(tokens, tokens, TRUE)\n", 1, 1, "must define an s-op"),
            ("n = 3\nb = map(x -> x + n + length, tokens)\n", 2, 22, "'length' is not defined"),
            (
                "l = selector_width(select(tokens, tokens, TRUE))\nb = map(x -> x + l, tokens)\n", 2, 18,
                "a function sees only"
            ),
            ("a = aggregate(select(tokens, tokens, EQ), tokens, fallback: 0)\n", 1, 51, "no argument 'fallback'"),
            ("a = \"open\n", 1, 5, "no closing double quote"),
            ("a = map(x -> 1 < x < 3, tokens)\n", 1, 20, "do not chain"),
            ("a = map(x -> {1: 2, 1: 3}[x], tokens)\n", 1, 21, "appears twice"),
            ("map = tokens\n", 1, 1, "built-in name"),
            ("a = tokens $ 1\n", 1, 12, "unexpected character"),
            ("a = (tokens + 1\n", 2, 1, "expected ')'"),
            ("", 1, 1, "the program is empty"),
        ]
        for (text, line, column, fragment) in cases {
            guard let e = error(text) else {
                Issue.record("no error for \(text)")
                continue
            }
            #expect(e.location == SourceLocation(line: line, column: column), "\(text): \(e)")
            #expect(e.message.contains(fragment), "\(text): \(e)")
            #expect(!e.description.contains("\n"))
        }
        var e = try #require(error("a = 1 +\n"))
        e.file = "prog.rasp"
        #expect(e.description.hasPrefix("prog.rasp:1:8: "))
    }

    @Test func statementsCommentsAndContinuationLines() throws {
        let text = """
            # a comment
            open = "("   # a named constant, usable in functions
            is_open = numerical(map(x -> x == open, tokens)); twice = is_open * 2
            out = aggregate(select(indices, indices,
                                   LEQ),
                            twice, default: 0)
            """
        let program = try Program(parsing: text)
        #expect(program.output.encoding == .categorical)
        let graph = program.graph
        #expect(graph.nodes.map(\.label).contains("is_open"))
        #expect(try Interpreter(program).run(["(", "a", "(", "("]) == [2, 1, .number(4.0 / 3), 1.5])
    }

    @Test func namedMapsStayUnnamedMapsFuse() throws {
        // Tracr fuses a map of a map into one; a statement's name keeps its map.
        let fused = try Program(parsing: "a = numerical(map(x -> x, tokens == \"(\"))\n").graph
        #expect(fused.nodes.count == 2)  // tokens, a
        let kept = try Program(parsing: "b = tokens == \"(\"\na = numerical(map(x -> x, b))\n").graph
        #expect(kept.nodes.count == 3)
        let unfused = try Program(parsing: "a = map(x -> x + 1, tokens + 1, simplify: false)\n").graph
        #expect(unfused.nodes.count == 3)
    }

    @Test func printingThenParsingGivesTheSameProgram() throws {
        for lib in ProgramLibrary.all {
            let printed = ProgramPrinter.text(of: lib.program)
            let again = try Program(parsing: printed)
            #expect(ProgramPrinter.text(of: again) == printed, "\(lib.name)")
            #expect(again.graph.nodes.map(\.label) == lib.program.graph.nodes.map(\.label), "\(lib.name)")
        }
    }

    /// Tracr's make_reverse written with the Swift DSL prints exactly as the library's text parses.
    @Test func theSwiftDSLBuildsTheSameProgramAsTheText() throws {
        let length = RASP.selectorWidth(RASP.select(RASP.tokens, RASP.tokens, .true)).named("length")
        let opp = (length - RASP.indices).named("opp_idx")
        let opp1 = (opp - 1).named("opp_idx_1")
        let reverse = RASP.aggregate(RASP.select(RASP.indices, opp1, .eq), RASP.tokens).named("reverse")
        let dsl = Program(reverse)
        let text = try ProgramLibrary.program(named: "reverse").program
        #expect(ProgramPrinter.text(of: dsl) == ProgramPrinter.text(of: text))

        // Functions as Swift closures over Expr, numerical encodings, selector `and`.
        let isOpen = RASP.numerical(RASP.map(RASP.tokens) { Expr.ifElse($0 == "(", 1, 0) }).named("is_open")
        let seen = RASP.numerical(
            RASP.aggregate(
                RASP.select(RASP.indices, RASP.indices, .leq)
                    && RASP.select(RASP.tokens, RASP.tokens) { k, _ in k != "x" },
                isOpen, default: 0)
        ).named("seen")
        let program = Program(seen)
        #expect(try Interpreter(program).run(["(", "x", ")", "("]) == [1, 1, 0.5, .number(2.0 / 3)])
        let reparsed = try Program(parsing: program.text)
        #expect(try Interpreter(reparsed).run(["(", "x", ")", "("]) == [1, 1, 0.5, .number(2.0 / 3)])
    }
}
