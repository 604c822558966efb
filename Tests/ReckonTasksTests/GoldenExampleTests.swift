import ReckonTasks
import Testing

/// Worked examples per task, written in the task's own symbols: the reference docstrings'
/// examples (corrected where the docstring disagrees with the reference code, noted inline)
/// plus examples for the special short lengths.
@Suite struct GoldenExampleTests {
    struct Example: CustomStringConvertible, Sendable {
        let task: String
        let input: String
        let output: String
        var description: String { "\(task): \(input) -> \(output)" }
    }

    static let examples: [Example] = [
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

    @Test(arguments: examples)
    func solverReproducesExample(_ example: Example) throws {
        let t = task(example.task)
        let inputIDs = try t.encodeInput(symbols(example.input))
        let outputIDs = try t.encodeOutput(symbols(example.output))
        #expect(t.solve(inputIDs) == outputIDs)
        #expect(t.decodeInput(inputIDs) == symbols(example.input))
        #expect(t.decodeOutput(t.solve(inputIDs)).joined(separator: " ") == example.output)
        #expect(outputIDs.count == t.outputLength(forInputLength: inputIDs.count))
    }

    @Test func everyTaskHasGoldenExamples() {
        let covered = Set(Self.examples.map(\.task))
        #expect(covered.isSuperset(of: TaskCatalog.chomsky.map(\.name)))
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
