import Testing

@testable import ReckonRASP

/// The verifier finds disagreements: a wrong value-set assumption, tracr's issue #11, an input on
/// which the program itself is undefined, and numbers outside the tolerance.
@Suite struct VerificationTests {
    func options(limit: Int = 5000, samples: Int = 4, tolerance: Double = 1e-3) -> Verifier.Options {
        var o = Verifier.Options()
        o.exhaustiveLimit = limit
        o.samplesPerLength = samples
        o.tolerance = tolerance
        return o
    }

    /// Compiled assuming `length` only reaches 3, reverse is right up to length 3 and wrong at 4.
    @Test func aWrongValueSetAssumptionFailsWithACounterexample() throws {
        let lib = try ProgramLibrary.program(named: "reverse")
        var compile = CompileOptions()
        compile.assumedValues["length"] = [0, 1, 2, 3]
        let wrong = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 6, options: compile)
        let report = Verifier(wrong, options: options()).verify()
        #expect(!report.passed)
        let c = try #require(report.counterexample)
        #expect(c.input.count == 4)
        #expect(c.expected == c.input.reversed())
        #expect(c.actual != c.expected)
        #expect(c.disagreement?.label == "length")
        #expect(c.disagreement?.expected == 4)
        #expect(report.summary.contains("FAILED on input: a a a a"))

        // The same program with the inferred value sets passes on the same inputs.
        let right = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 6)
        #expect(Verifier(right, options: options()).verify().passed)
    }

    /// Tracr issue #11: a categorical aggregate that averages several tokens. Tracr's value-set
    /// inference assumes the tokens themselves, its validator said nothing, and its model
    /// disagreed; here verification reports the first input and the s-op where they part.
    @Test func tracrIssue11IsCaught() throws {
        let text = """
            means = aggregate(select(indices, indices, LEQ), tokens)
            sums = sequence_map((x, y) -> x * y, means, indices + 1)
            """
        let model = try Compiler.compile(try Program(parsing: text), vocabulary: [1, 2, 3], maxLength: 5)
        let report = Verifier(model, options: options()).verify()
        let c = try #require(report.counterexample)
        #expect(c.disagreement?.label == "means")
        #expect(c.input.count == 2)
        #expect(c.expected?[1] == .number(Double(c.input[0].number! + c.input[1].number!)))
    }

    /// tracr's evaluator raises on a mean of several strings, even equal ones; the compiled head
    /// copies the string. Verification reports the input: the program has no output there.
    @Test func anInputWhereTheProgramIsUndefinedIsACounterexample() throws {
        let text = "o = aggregate(select(tokens, tokens, EQ), tokens)\n"
        let model = try Compiler.compile(try Program(parsing: text), vocabulary: ["a", "b"], maxLength: 4)
        let report = Verifier(model, options: options()).verify()
        let c = try #require(report.counterexample)
        #expect(c.input == ["a", "a"])
        #expect(c.interpreterError?.contains("only numbers average") == true)
        #expect(c.actual == ["a", "a"])
    }

    @Test func numbersAreComparedWithinTheTolerance() throws {
        let lib = try ProgramLibrary.program(named: "frac_prevs")
        let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 8)
        let loose = Verifier(model, options: options(tolerance: 1e-3)).verify()
        #expect(loose.passed)
        #expect(loose.maxNumericalError > 0 && loose.maxNumericalError < 1e-5)
        #expect(loose.maxNumericalErrorAt == "frac_prevs")
        // Float32 cannot hold 1/3 exactly, so a zero tolerance must fail somewhere.
        #expect(!Verifier(model, options: options(tolerance: 0)).verify().passed)
    }

    @Test func theExhaustiveBoundFitsTheBudget() {
        #expect(Verifier.exhaustiveLength(vocabularySize: 3, limit: 100, maxLength: 10) == 3)  // 3 + 9 + 27 = 39
        #expect(Verifier.exhaustiveLength(vocabularySize: 3, limit: 120, maxLength: 10) == 4)  // + 81 = 120
        #expect(Verifier.exhaustiveLength(vocabularySize: 2, limit: 1_000_000, maxLength: 5) == 5)
        #expect(Verifier.exhaustiveLength(vocabularySize: 1000, limit: 10, maxLength: 5) == 0)
        var digits = [0, 0]
        var seen = 1
        while Verifier.increment(&digits, base: 3) { seen += 1 }
        #expect(seen == 9)
    }

    @Test func countsEveryInputItChecks() throws {
        let lib = try ProgramLibrary.program(named: "histogram")
        let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 7)
        let report = Verifier(model, options: options(limit: 400, samples: 5)).verify()
        #expect(report.passed)
        #expect(report.exhaustiveLength == 5)
        #expect(report.exhaustiveInputs == 3 + 9 + 27 + 81 + 243)
        #expect(report.randomLengths == 6...7)
        #expect(report.randomInputs == 10)
    }

    /// Verifier.swift:156 kept the label only when an error exceeded the last, so an exact numerical
    /// s-op printed "none (no numerical s-op)".
    @Test func anExactNumericalErrorOfZeroWasReportedAsNone() throws {
        let program = try Program(parsing: "open = numerical(map(x -> x == \"a\", tokens))\n")
        let model = try Compiler.compile(program, vocabulary: ["a", "b"], maxLength: 4)
        let report = Verifier(model).verify()
        #expect(report.passed)
        #expect(report.summary.contains("largest numerical error: 0 (open)"), "\(report.summary)")
        let categorical = try Compiler.compile(
            try Program(parsing: "c = tokens == \"a\"\n"), vocabulary: ["a"], maxLength: 2)
        #expect(Verifier(categorical).verify().summary.contains("largest numerical error: none (no numerical s-op)"))
    }

    /// A counterexample in the random part: the report gives the lengths covered and how far into
    /// the stopping length it got, not the planned range.
    @Test func aCounterexampleAmongRandomInputsStatesWhatWasChecked() throws {
        let lib = try ProgramLibrary.program(named: "reverse")
        var compile = CompileOptions()
        compile.assumedValues["length"] = (0...5).map { .number(Double($0)) }
        let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 8, options: compile)
        var o = Verifier.Options()
        o.exhaustiveLimit = 100  // lengths 1-3 (39 inputs), then random from 4
        o.samplesPerLength = 5
        let report = Verifier(model, options: o).verify()
        let stop = try #require(report.stoppedAt)
        #expect(stop.length == 6 && stop.checked == 1 && stop.planned == 5)
        #expect(report.randomInputs == 11)
        #expect(
            report.summary.contains(
                "random:     5 inputs at each length 4-5, then 1 of 5 at length 6, stopping at the counterexample "
                    + "(11 inputs)"), "\(report.summary)")
        #expect(report.summary.contains("exhaustive: every input of length 1-3 (39 inputs)"))
    }
}
