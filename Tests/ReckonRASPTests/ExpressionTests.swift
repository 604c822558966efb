import Testing

@testable import ReckonRASP

/// The function language inside maps and predicates: Python's meaning, and printing that parses back.
@Suite struct ExpressionTests {
    func f(_ text: String, _ parameters: [String] = ["x"]) throws -> Function {
        // A one-statement program whose map holds the function; the elaborator checks the names.
        let head = parameters.count == 1 ? parameters[0] : "(\(parameters.joined(separator: ", ")))"
        let call =
            parameters.count == 1
            ? "map(\(head) -> \(text), tokens)"
            : "sequence_map(\(head) -> \(text), tokens, indices)"
        let program = try Program(parsing: "out = \(call)\n")
        switch program.output.operation {
        case .map(let g, _), .sequenceMap(let g, _, _): return g
        default:
            Issue.record("not a map")
            throw ExprError("not a map")
        }
    }

    @Test func arithmeticFollowsPython() throws {
        #expect(try f("x % 3")(-7) == 2)  // Python: -7 % 3 == 2
        #expect(try f("x % -3")(7) == -2)
        #expect(try f("x / 4")(3) == 0.75)
        #expect(try f("floor(x / 2)")(-3) == -2)
        #expect(try f("abs(x) + max(x, 2) - min(x, 2)")(-5) == 12)
        #expect(try f("-x * 2 + 1")(3) == -5)
        #expect(try f("x + \"!\"")("a") == "a!")
    }

    @Test func errorsAreWhatPythonRaises() throws {
        #expect(throws: ExprError.self) { try f("1 / x")(0) }
        #expect(throws: ExprError.self) { try f("x % 0")(1) }
        #expect(throws: ExprError.self) { try f("x < 1")("a") }  // '<' between str and int
        #expect(throws: ExprError.self) { try f("x - 1")("a") }
        #expect(throws: ExprError.self) { try f("{1: 2}[x]")(3) }  // KeyError
        #expect(try f("x == 1")("a") == 0)  // == across types is just false
    }

    @Test func booleansAreOneAndZeroAndShortCircuit() throws {
        #expect(try f("x > 0 and 10 / x > 2")(0) == 0)  // the division never runs
        #expect(try f("x == 0 or 10 / x > 2")(0) == 1)
        #expect(try f("not x")(0) == 1)
        #expect(try f("not x")("") == 1)
        #expect(try f("if x then \"yes\" else \"no\"")(2) == "yes")
        #expect(try f("(x == 1) + (x == 1)")(1) == 2)  // True + True == 2 in Python too
    }

    @Test func tablesLookUpWithAFallback() throws {
        let g = try f("{\"(\": 1, \")\": -1, _: 0}[x]")
        #expect(try g("(") == 1)
        #expect(try g(")") == -1)
        #expect(try g("a") == 0)
    }

    @Test func twoParameterFunctionsSeeBoth() throws {
        let g = try f("x * 10 + y", ["x", "y"])
        #expect(try g(3, 4) == 34)
    }

    @Test func printedExpressionsParseBackToTheSameValues() throws {
        let texts = [
            "x - (1 - x)", "(x - 1) - x", "-(x + 1) * 2", "not (x == 1 or x == 2)",
            "(if x > 1 then 1 else 2) + 3",
            "x / 2 / 2", "x % 5 * 3", "{1: \"a\", 2: \"b\", _: \"c\"}[x % 3]", "max(x, 3) >= 2 and not x < 0",
        ]
        for text in texts {
            let g = try f(text)
            let again = try f(g.body.description)
            #expect(again.body.description == g.body.description, "\(text) printed as \(g.body)")
            for x in -3...4 {
                let v = Value(integerLiteral: x)
                #expect((try? g(v)) == (try? again(v)), "\(text) at \(x)")
            }
        }
    }

    @Test func tokensReadAsNumbersOrStrings() {
        #expect(Value(token: "3") == 3)
        #expect(Value(token: "-1.5") == -1.5)
        #expect(Value(token: "a") == "a")
        #expect(Value(token: "(") == "(")
        #expect(Value(token: "inf") == "inf")
        #expect(Value.number(3).description == "3")
        #expect(Value.number(0.5).description == "0.5")
        #expect(Optional<Value>.none.text == "None")
    }
}
