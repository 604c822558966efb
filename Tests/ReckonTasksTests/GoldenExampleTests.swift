import ReckonTasks
import Testing

/// Worked examples for every task in the catalog, each an input and the answer its solver must
/// give, written by hand: for token tasks in the task's own symbols (the reference docstrings'
/// examples, corrected where the docstring disagrees with the reference code, noted inline, plus
/// examples for the special short lengths), for the others as payloads (rows of bits, values or
/// points, and input positions).
@Suite struct GoldenExampleTests {
    struct Example: CustomStringConvertible, Sendable {
        /// Symbols separated by spaces, or a payload.
        enum Side: Sendable, CustomStringConvertible {
            case symbols(String)
            case payload(Payload)

            var description: String {
                switch self {
                case .symbols(let text): text
                case .payload(let payload): "\(payload)"
                }
            }
        }

        let task: String
        var settings: [String: String] = [:]
        let input: Side
        let output: Side
        /// Whether `output` is the answer up to and including its end symbol (`$`), the padding
        /// after it left unwritten.
        var outputIsPrefix = false

        init(task: String, input: String, output: String) {
            self.task = task
            self.input = .symbols(input)
            self.output = .symbols(output)
        }

        init(task: String, settings: [String: String] = [:], input: Payload, output: Payload) {
            self.task = task
            self.settings = settings
            self.input = .payload(input)
            self.output = .payload(output)
        }

        init(task: String, settings: [String: String], input: String, output: String) {
            self.task = task
            self.settings = settings
            self.input = .symbols(input)
            self.output = .symbols(output)
        }

        init(task: String, settings: [String: String], input: String, answer: String) {
            self.task = task
            self.settings = settings
            self.input = .symbols(input)
            self.output = .symbols(answer)
            outputIsPrefix = true
        }

        var description: String {
            let shown = settings.isEmpty ? task : "\(task) \(settings.sorted { $0.key < $1.key })"
            return "\(shown): \(input) -> \(output)"
        }
    }

    /// One row of bits (or channel values) per position.
    static func vectors(_ rows: [[Float]]) -> Payload { .bitVectors(rows.flatMap { $0 }, width: rows[0].count) }

    /// One row of values (a number, a point) per position.
    static func values(_ rows: [[Float]]) -> Payload { .reals(rows.flatMap { $0 }, width: rows[0].count) }

    static let examples: [Example] =
        chomskyExamples + otherExamples + decimalExamples + adaptiveExamples + stateTrackingExamples + tableExamples

    static let chomskyExamples: [Example] = [
        // even_pairs docstring: 1 '10' and 1 '01' -> even; 5 unequal pairs -> odd.
        Example(task: "even_pairs", input: "0 0 1 1 1 0", output: "0"),
        Example(task: "even_pairs", input: "0 1 0 1 0 0 1", output: "1"),
        Example(task: "even_pairs", input: "1", output: "0"),
        // modular_arithmetic docstring (mod 5, * before + and -).
        Example(task: "modular_arithmetic", input: "1 + 2 * 3", output: "2"),
        Example(task: "modular_arithmetic", input: "1 - 1 - 1", output: "4"),
        Example(task: "modular_arithmetic", input: "0 * 1 + 4 * 3 - 2", output: "0"),
        Example(task: "modular_arithmetic", input: "4 - 2 * 3", output: "3"),
        Example(task: "modular_arithmetic", input: "3", output: "3"),
        // parity_check docstring.
        Example(task: "parity_check", input: "1 0 1 0 1 0 0", output: "1"),
        Example(task: "parity_check", input: "0 1 1 1 1", output: "0"),
        // cycle_navigation docstring: -2 = class 3; +2 = class 2.
        Example(task: "cycle_navigation", input: "+1 -1 0 -1 -1", output: "3"),
        Example(task: "cycle_navigation", input: "+1 +1 +1 -1", output: "2"),
        // stack_manipulation docstring; the second has L + 1 = 7 output symbols (the
        // docstring prints 8).
        Example(task: "stack_manipulation", input: "0 1 1 0 PUSH1 POP POP", output: "1 1 0 $ 0 0 0 0"),
        Example(task: "stack_manipulation", input: "1 1 0 POP POP POP", output: "$ 0 0 0 0 0 0"),
        Example(task: "stack_manipulation", input: "1", output: "1 $"),
        Example(task: "stack_manipulation", input: "0 POP POP PUSH1", output: "1 $ 0 0 0"),
        // reverse_string docstring (the binary one; the other uses a larger alphabet).
        Example(task: "reverse_string", input: "0 1 1 0 1 0", output: "0 1 0 1 1 0"),
        // modular_arithmetic_brackets has no docstring examples.
        Example(task: "modular_arithmetic_brackets", input: "( ( 3 + 4 ) * 2 )", output: "4"),
        Example(task: "modular_arithmetic_brackets", input: "( - 3 + 4 )", output: "1"),
        Example(task: "modular_arithmetic_brackets", input: "( 2 - ( 4 * - 3 ) )", output: "4"),
        Example(task: "modular_arithmetic_brackets", input: "- 2", output: "3"),
        Example(task: "modular_arithmetic_brackets", input: "( - 0 )", output: "0"),
        // solve_equation has no docstring examples; lengths 1-2 are the reference's zeros.
        Example(task: "solve_equation", input: "x = 3", output: "3"),
        Example(task: "solve_equation", input: "( x + 2 ) = 1", output: "4"),
        Example(task: "solve_equation", input: "- x = 2", output: "3"),
        Example(task: "solve_equation", input: "( 3 - x ) = 4", output: "4"),
        Example(task: "solve_equation", input: "0", output: "0"),
        Example(task: "solve_equation", input: "0 0", output: "0"),
        // duplicate_string docstring.
        Example(task: "duplicate_string", input: "1 0 1", output: "1 0 1 1 0 1"),
        Example(task: "duplicate_string", input: "1 1 1 1 1 1", output: "1 1 1 1 1 1 1 1 1 1 1 1"),
        // missing_duplicate_string docstring; length 1 is the reference's placeholder.
        Example(task: "missing_duplicate_string", input: "0 1 1 0 0 ? 1 0", output: "1"),
        Example(task: "missing_duplicate_string", input: "1 0 1 1 ? 1 _", output: "0"),
        Example(task: "missing_duplicate_string", input: "? 1", output: "1"),
        Example(task: "missing_duplicate_string", input: "1", output: "1"),
        // odds_first: the docstring's inputs with the reference code's outputs
        // (`s[1::2]` then `s[::2]`); the docstring prints 0100 0111 and 10 1.
        Example(task: "odds_first", input: "0 0 1 1 0 1 0 1", output: "0 1 1 1 0 1 0 0"),
        Example(task: "odds_first", input: "1 1 0", output: "1 1 0"),
        Example(task: "odds_first", input: "1 0 0", output: "0 1 0"),
        // binary_addition docstring (4 + 22 = 26, 9 + 32 = 41), padded to L + 1 as the code
        // does (the docstring shows one 0 fewer); short lengths hold a single number.
        Example(task: "binary_addition", input: "0 0 1 + 0 1 1 0 1", output: "0 1 0 1 1 $ 0 0 0 0"),
        Example(task: "binary_addition", input: "1 0 0 1 + 0 0 0 0 0 1", output: "1 0 0 1 0 1 $ 0 0 0 0 0"),
        Example(task: "binary_addition", input: "1 + 1", output: "0 1 $ 0"),
        Example(task: "binary_addition", input: "0", output: "0 $"),
        Example(task: "binary_addition", input: "1 0", output: "1 $ 0"),
        Example(task: "binary_addition", input: "0 1", output: "0 1 $"),
        // binary_multiplication docstring (4 · 22 = 88, 9 · 32 = 288); short lengths get
        // the reference's fixed answers.
        Example(task: "binary_multiplication", input: "0 0 1 * 0 1 1 0 1", output: "0 0 0 1 1 0 1 $ 0"),
        Example(task: "binary_multiplication", input: "1 0 0 1 * 0 0 0 0 0 1", output: "0 0 0 0 0 1 0 0 1 $ 0"),
        Example(task: "binary_multiplication", input: "1 * 1", output: "1 $ 0"),
        Example(task: "binary_multiplication", input: "0", output: "$"),
        Example(task: "binary_multiplication", input: "0 1", output: "0 $"),
        // compute_sqrt docstring: 37 -> 6 = 110 (the docstring prints 101), 7 -> 2 = 10.
        Example(task: "compute_sqrt", input: "1 0 0 1 0 1", output: "1 1 0"),
        Example(task: "compute_sqrt", input: "1 1 1", output: "1 0"),
        Example(task: "compute_sqrt", input: "1", output: "1"),
        Example(task: "compute_sqrt", input: "1 1 1 1 1 1 1 1", output: "1 1 1 1"),
        // bucket_sort docstring.
        Example(task: "bucket_sort", input: "1 0 2 0 4 1 1 2", output: "0 0 1 1 1 2 2 4"),
        Example(task: "bucket_sort", input: "1 1 1 0 0 0 1", output: "0 0 0 1 1 1 1"),
    ]

    /// Fan et al.'s tasks (the first of each is the row the released generator printed, in
    /// docs/reference/adaptive-tasks.md) and Graves' parity.
    /// word_problem: S3's elements are word-problem's, itertools.permutations((1, 2, 3)) in order,
    /// 0 = 123, 1 = 132, 2 = 213, 3 = 231, 4 = 312, 5 = 321 (one-line notation), and a·b is a after
    /// b. So 1·2 maps 1→3, 2→1, 3→2 (312 = 4) while 2·1 maps 1→2, 2→3, 3→1 (231 = 3); a transposition
    /// squared is the identity. The other rows are the first row of each file made by word-problem's
    /// own generator (WordProblemTests.referenceRows).
    static let stateTrackingExamples: [Example] = [
        Example(task: "word_problem", settings: ["group": "S3"], input: "1 2", output: "1 4"),
        Example(task: "word_problem", settings: ["group": "S3"], input: "2 1", output: "2 3"),
        Example(task: "word_problem", settings: ["group": "S3"], input: "1 1 0", output: "1 0 0"),
        Example(task: "word_problem", settings: ["group": "S3"], input: "3 4 3 2 0 2", output: "3 0 3 5 5 3"),
        Example(task: "word_problem", input: "23 54 33 17 34 14", output: "23 31 12 4 47 58"),
        Example(
            task: "word_problem", settings: ["group": "Z60"], input: "23 54 33 17 34 14", output: "23 17 50 7 41 55"),
        Example(
            task: "word_problem", settings: ["group": "A4_x_Z5"], input: "23 54 33 17 34 14",
            output: "23 57 25 52 11 5"),
        Example(
            task: "word_problem", settings: ["group": "S5"], input: "102 0 1 25 34 79",
            output: "102 102 103 42 100 28"),
    ]

    /// The algebraic tables: x y = and one answer. Mod 7, 5⁻¹ = 3 (5 · 3 = 15), so 3 / 5 = 9 mod 7 = 2;
    /// mod 113, 2⁻¹ = 57. group_composition's products are word_problem's (S3 as above; the S5 rows
    /// are consecutive running products of word-problem's S5 row, 102 · 1 = 103, 103 · 25 = 42, ...).
    static let tableExamples: [Example] = [
        Example(task: "modular_addition", input: "100 50 =", output: "37"),
        Example(task: "modular_addition", settings: ["p": "7"], input: "5 4 =", output: "2"),
        Example(task: "modular_subtraction", input: "0 1 =", output: "112"),
        Example(task: "modular_subtraction", settings: ["p": "7"], input: "3 5 =", output: "5"),
        Example(task: "modular_multiplication", input: "112 112 =", output: "1"),
        Example(task: "modular_multiplication", settings: ["p": "7"], input: "3 5 =", output: "1"),
        Example(task: "modular_division", input: "1 2 =", output: "57"),
        Example(task: "modular_division", settings: ["p": "7"], input: "3 5 =", output: "2"),
        Example(task: "modular_division", settings: ["p": "7"], input: "0 6 =", output: "0"),
        // 3² + 4² = 25; 96 = −1 mod 97, so 96² + 96² = 2.
        Example(task: "modular_polynomial", input: "3 4 =", output: "25"),
        Example(task: "modular_polynomial", input: "96 96 =", output: "2"),
        // Mod 7 at x = 3, y = 4: 9 + 12 + 16 = 37 = 2; + 3 = 40 = 5; 27 + 12 = 39 = 4.
        Example(
            task: "modular_polynomial", settings: ["p": "7", "polynomial": "x2_plus_xy_plus_y2"], input: "3 4 =",
            output: "2"),
        Example(
            task: "modular_polynomial", settings: ["p": "7", "polynomial": "x2_plus_xy_plus_y2_plus_x"],
            input: "3 4 =", output: "5"),
        Example(
            task: "modular_polynomial", settings: ["p": "7", "polynomial": "x3_plus_xy"], input: "3 4 =", output: "4"),
        // 2³ + 2 · 3² + 3 = 29 (mod 97).
        Example(
            task: "modular_polynomial", settings: ["polynomial": "x3_plus_xy2_plus_y"], input: "2 3 =", output: "29"),
        Example(task: "group_composition", settings: ["group": "S3"], input: "1 2 =", output: "4"),
        Example(task: "group_composition", settings: ["group": "S3"], input: "2 1 =", output: "3"),
        Example(task: "group_composition", settings: ["group": "S3"], input: "1 1 =", output: "0"),
        Example(task: "group_composition", input: "102 1 =", output: "103"),
        // Prediction sources: the target is the sequence itself (position t is predicted from the
        // ones before it); PredictionTaskTests checks their optimal predictors by hand.
        Example(task: "markov_source", input: "0 1 1 0", output: "0 1 1 0"),
        Example(task: "brainphoque", input: "3 2 1 8", output: "3 2 1 8"),
        Example(task: "chomsky_source", input: "1 0 . 1 : 1", output: "1 0 . 1 : 1"),
        Example(task: "group_composition", input: "103 25 =", output: "42"),
        Example(task: "group_composition", input: "100 79 =", output: "28"),
    ]

    static let adaptiveExamples: [Example] = [
        Example(task: "fan_parity", input: "0 0 1 1 0", output: "0"),
        Example(task: "fan_parity", input: "1 0 1 1", output: "1"),
        Example(task: "fan_parity", input: "1", output: "1"),
        Example(task: "fan_copy", input: "0 0 1 1", output: "0 0 1 1"),
        Example(task: "fan_copy", input: "1", output: "1"),
        // 11 + 11 = 22 = 10110; the leading carry is written even when it is 0.
        Example(task: "fan_addition", input: "1 0 1 1 + 1 0 1 1", output: "1 0 1 1 0"),
        Example(task: "fan_addition", input: "0 1 + 0 1", output: "0 1 0"),
        Example(task: "fan_addition", input: "1 1 + 0 1", output: "1 0 0"),
        Example(task: "fan_addition", input: "0 + 0", output: "0 0"),
        // The count of 1s least significant bit first, then eos up to bitlen(n): 001100 has 2 = 10.
        Example(task: "fan_binary_sum", input: "0 0 1 1 0 0", output: "0 1 eos"),
        Example(task: "fan_binary_sum", input: "1 1 1 1 1 1 1", output: "1 1 1"),
        Example(task: "fan_binary_sum", input: "1 1 0 1 1 1 1 1", output: "1 1 1 eos"),
        Example(task: "fan_binary_sum", input: "0 0 0", output: "eos eos"),
        Example(task: "fan_binary_sum", input: "0", output: "eos"),
        // 10 × 1111 = 2 · 15 = 30 = 011110, written least significant bit first.
        Example(task: "fan_multiplication", input: "1 0 * 1 1 1 1", output: "0 1 1 1 1 0"),
        Example(task: "fan_multiplication", input: "1 1 * 1 1", output: "1 0 0 1"),
        Example(task: "fan_multiplication", input: "0 0 * 1", output: "0 0 0"),
        Example(task: "fan_multiplication", settings: ["multiplier_bits": "1"], input: "1 * 1 0 1", output: "1 0 1 0"),
        Example(task: "fan_unique_set", input: "0 21 19 10 43", output: "0 21 19 10 43"),
        Example(task: "fan_unique_set", input: "3 3 1 3 1", output: "3 1 eos eos eos"),
        Example(task: "fan_unique_set", input: "49", output: "49"),
        Example(task: "fan_unique_set", settings: ["vocabulary": "3"], input: "2 0 2 1", output: "2 0 1 eos"),
        // graves_parity: the class counts the +1 entries only (three here; −1 is a 0 bit).
        Example(
            task: "graves_parity", settings: ["size": "8"], input: .reals([1, 0, -1, 0, 1, 1, 0, 0], width: 8),
            output: .tokens([1])),
        Example(
            task: "graves_parity", settings: ["size": "8"], input: .reals([-1, -1, 0, 0, 0, 0, 0, -1], width: 8),
            output: .tokens([0])),
        Example(
            task: "graves_parity", input: .reals([1, 1] + [Float](repeating: 0, count: 62), width: 64),
            output: .tokens([0])),
    ]

    /// The decimal tasks' examples, one per format, from `DecimalArithmeticTests`.
    static let decimalExamples: [Example] = DecimalArithmeticTests.golden.map { name, format, input, answer in
        Example(task: name, settings: ["format": format], input: input, answer: answer)
    }

    static let otherExamples: [Example] = {
        let zero8: [Float] = [0, 0, 0, 0, 0, 0, 0, 0]
        let v: [Float] = [1, 0, 1, 1, 0, 0, 1, 0]
        let w: [Float] = [0, 1, 1, 0, 1, 0, 0, 1]
        // associative_recall: two items of three 6-bit rows, the query is the first.
        let a: [[Float]] = [[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0]]
        let b: [[Float]] = [[1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1]]
        let item = a.map { $0 + [0, 0] }
        let next = b.map { $0 + [0, 0] }
        let delimiter: [Float] = [0, 0, 0, 0, 0, 0, 1, 0]
        let query: [Float] = [0, 0, 0, 0, 0, 0, 0, 1]
        // priority_sort: five vectors, priorities 0.5, -0.2, 0.8, 0.1, -0.9; the first four by
        // descending priority are rows 2, 0, 3, 1.
        let priorities: [Float] = [0.5, -0.2, 0.8, 0.1, -0.9]
        let ranked = (0..<5).map { i -> [Float] in (0..<8).map { k in k == i || k == 7 ? 1 : 0 } }
        return [
            // copy: the vectors before the delimiter, without its channel.
            Example(task: "copy", input: vectors([v + [0], w + [0], zero8 + [1]]), output: vectors([v, w])),
            // repeat_copy (at most 10 repeats): 2/10 in the repeats channel, so v twice, the end
            // marker, then zero rows up to 10 · 1 + 1.
            Example(
                task: "repeat_copy", input: vectors([v + [0, 0], zero8 + [1, 0.2]]),
                output: vectors([v + [0], v + [0], zero8 + [1]] + Array(repeating: zero8 + [0], count: 8))),
            Example(
                task: "associative_recall",
                input: vectors([delimiter] + item + [delimiter] + next + [query] + item + [query]),
                output: vectors(b)),
            Example(
                task: "priority_sort",
                input: vectors((0..<5).map { ranked[$0] + [priorities[$0], 0] } + [zero8 + [0, 1]]),
                output: vectors([2, 0, 3, 1].map { ranked[$0] })),
            Example(task: "sort", input: values([[0.7], [0.2], [0.5]]), output: .pointers([1, 2, 0])),
            // convex_hull: a right triangle around (0.2, 0.2), counter-clockwise from point 0, then
            // the end-marker row (4) to the end.
            Example(
                task: "convex_hull", input: values([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0.2, 0.2, 0], [0, 0, 1]]),
                output: .pointers([0, 1, 2, 4, 4])),
            // tsp: a 2 × 1 rectangle's perimeter from point 0, its second point below its last.
            Example(
                task: "tsp", input: values([[0, 0], [2, 0], [0, 1], [2, 1]]), output: .pointers([0, 1, 3, 2])),
            // arithmetic_function: subsets of 2 with no overlap fill 4 values, so they are [0, 2)
            // and [2, 4) whatever the seed: (1 + 2) ∘ (3 + 4).
            Example(
                task: "arithmetic_function",
                settings: ["input_size": "4", "subset_ratio": "0.5", "overlap_ratio": "0"],
                input: .reals([1, 2, 3, 4], width: 4), output: .reals([10], width: 1)),
            Example(
                task: "arithmetic_function",
                settings: ["input_size": "4", "subset_ratio": "0.5", "overlap_ratio": "0", "operation": "mul"],
                input: .reals([1, 2, 3, 4], width: 4), output: .reals([21], width: 1)),
        ]
    }()

    @Test(arguments: examples)
    func solverReproducesExample(_ example: Example) throws {
        let t = try TaskCatalog.task(named: example.task, settings: example.settings)
        let input = try Self.payload(example.input) { .tokens(try t.encodeInput($0)) }
        let expected = try Self.payload(example.output) { .tokens(try t.encodeOutput($0)) }
        let solved = t.solution(for: input)
        #expect(solved.count / solved.width == t.outputLength(forInputLength: input.count / input.width))
        if example.outputIsPrefix {
            #expect(Array(solved.ids.prefix(expected.count)) == expected.ids)
        } else {
            #expect(solved == expected)
        }
        if case .symbols(let text) = example.input {
            #expect(t.decodeInput(input.ids) == symbols(text))
        }
        if case .symbols(let text) = example.output, !example.outputIsPrefix {
            #expect(t.decodeOutput(solved.ids).joined(separator: " ") == text)
        }
    }

    static func payload(_ side: Example.Side, encode: ([String]) throws -> Payload) throws -> Payload {
        switch side {
        case .symbols(let text): try encode(symbols(text))
        case .payload(let payload): payload
        }
    }

    /// Fails by name for a catalog task without a golden example.
    @Test(arguments: TaskCatalog.names)
    func everyTaskHasGoldenExamples(_ name: String) {
        #expect(Self.examples.contains { $0.task == name }, "\(name) has no golden example")
    }

    /// Token ids as the reference numbers them (its one-hot positions).
    @Test func encodingsMatchReferenceIDs() throws {
        #expect(try task("modular_arithmetic").encodeInput(symbols("0 4 + - * _")) == [0, 4, 5, 6, 7, 8])
        #expect(try task("modular_arithmetic_brackets").encodeInput(symbols("+ - * ( ) x")) == [5, 6, 7, 8, 9, 10])
        #expect(try task("solve_equation").encodeInput(symbols("+ - ( ) x =")) == [5, 6, 7, 8, 9, 10])
        #expect(try task("stack_manipulation").encodeInput(symbols("0 1 POP PUSH0 PUSH1")) == [0, 1, 2, 3, 4])
        #expect(try task("cycle_navigation").encodeInput(symbols("-1 0 +1")) == [0, 1, 2])
        #expect(try task("missing_duplicate_string").encodeInput(symbols("0 1 ? _")) == [0, 1, 2, 3])
        #expect(try task("binary_addition").encodeOutput(symbols("0 1 $")) == [0, 1, 2])
    }

    @Test func unknownSymbolIsRejected() {
        #expect(throws: TaskError.unknownSymbol(task: "parity_check", symbol: "2", alphabet: ["0", "1"])) {
            try task("parity_check").encodeInput(["0", "2"])
        }
        let message = TaskError.unknownSymbol(task: "parity_check", symbol: "2", alphabet: ["0", "1"]).description
        #expect(message == "task 'parity_check' has no symbol '2'; its symbols: 0 1")
    }
}
