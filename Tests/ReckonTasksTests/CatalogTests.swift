import ReckonSupport
import ReckonTasks
import Testing

/// The catalog against the reference's `experiments/constants.py` and the tasks' `input_size`,
/// `output_size` and `output_length`.
@Suite struct CatalogTests {
    /// name: (level as in TASK_LEVELS, input_size, output_size)
    static let reference: [String: (String, Int, Int)] = [
        "even_pairs": ("regular", 2, 2),
        "modular_arithmetic": ("regular", 9, 5),
        "parity_check": ("regular", 2, 2),
        "cycle_navigation": ("regular", 3, 5),
        "stack_manipulation": ("dcf", 5, 3),
        "reverse_string": ("dcf", 2, 2),
        "modular_arithmetic_brackets": ("dcf", 11, 5),
        "solve_equation": ("dcf", 11, 5),
        "duplicate_string": ("cs", 2, 2),
        "missing_duplicate_string": ("cs", 4, 2),
        "odds_first": ("cs", 2, 2),
        "binary_addition": ("cs", 3, 3),
        "binary_multiplication": ("cs", 3, 3),
        "compute_sqrt": ("cs", 2, 2),
        "bucket_sort": ("cs", 5, 5),
    ]

    static let allNames =
        "even_pairs, modular_arithmetic, parity_check, cycle_navigation, stack_manipulation, reverse_string, "
        + "modular_arithmetic_brackets, solve_equation, duplicate_string, missing_duplicate_string, odds_first, "
        + "binary_addition, binary_multiplication, compute_sqrt, bucket_sort"

    /// The algebraic tables, last in the catalog.
    static let tableNames =
        "modular_addition, modular_subtraction, modular_multiplication, modular_division, modular_polynomial, "
        + "group_composition"

    /// The prediction sources, after the tables.
    static let predictionNames = "markov_source, brainphoque, chomsky_source"

    @Test func catalogHoldsTheFifteenReferenceTasks() {
        #expect(TaskCatalog.chomsky.map(\.name).joined(separator: ", ") == Self.allNames)
        #expect(Set(TaskCatalog.chomsky.map(\.name)) == Set(Self.reference.keys))
        for t in TaskCatalog.chomsky {
            let (level, inputSize, outputSize) = Self.reference[t.name]!
            #expect(t.level.rawValue == level, "\(t.name)")
            #expect(t.inputSize == inputSize, "\(t.name)")
            #expect(t.outputSize == outputSize, "\(t.name)")
            #expect(!t.summary.isEmpty && !t.summary.contains("\n"))
            #expect(!t.lengthNote.isEmpty && !t.lengthNote.contains("\n"))
            #expect(t.outputKind == .tokens)
        }
    }

    @Test func outputLengthsMatchReference() {
        let rules: [String: (Int) -> Int] = [
            "stack_manipulation": { $0 + 1 }, "reverse_string": { $0 }, "duplicate_string": { 2 * $0 },
            "odds_first": { $0 }, "binary_addition": { $0 + 1 }, "binary_multiplication": { $0 },
            "compute_sqrt": { ($0 + 1) / 2 }, "bucket_sort": { $0 },
        ]
        for t in TaskCatalog.chomsky {
            for length in 1...60 {
                let expected = rules[t.name]?(length) ?? 1
                #expect(t.outputLength(forInputLength: length) == expected, "\(t.name) L=\(length)")
                #expect(t.isClassification == (rules[t.name] == nil))
            }
        }
    }

    @Test func onlyModularArithmeticShortensLengths() {
        for t in TaskCatalog.chomsky {
            for length in 1...30 {
                let expected = t.name == "modular_arithmetic" && length % 2 == 0 ? length - 1 : length
                #expect(t.inputLength(forLength: length) == expected, "\(t.name) L=\(length)")
            }
        }
    }

    /// Sizes are the symbols counted; a repeated symbol would make two ids (or channels) read the same.
    @Test(arguments: TaskCatalog.names)
    func symbolsAreDistinct(_ name: String) {
        let t = task(name)
        #expect(Set(t.inputSymbols).count == t.inputSymbols.count && t.inputSize >= 1, "\(name)")
        #expect(Set(t.outputSymbols).count == t.outputSymbols.count && t.outputSize >= 1, "\(name)")
    }

    @Test func lookupByName() throws {
        for name in TaskCatalog.names { #expect(try TaskCatalog.task(named: name).name == name) }
    }

    @Test func unknownTaskSuggestsClosestName() {
        let error = #expect(throws: TaskError.self) { try TaskCatalog.task(named: "parity") }
        #expect(
            error?.description
                == "unknown task 'parity'; did you mean 'parity_check'? known tasks: \(Self.allNames), copy, "
                + "repeat_copy, associative_recall, priority_sort, sort, convex_hull, tsp, arithmetic_function, "
                + "decimal_addition, decimal_multiplication, graves_parity, fan_parity, fan_copy, fan_addition, "
                + "fan_binary_sum, fan_multiplication, fan_unique_set, word_problem, \(Self.tableNames), "
                + Self.predictionNames
        )
    }

    @Test func suggestionsForCommonMistakes() {
        let cases: [(String, String?)] = [
            ("reverse", "reverse_string"), ("revers_string", "reverse_string"), ("sqrt", "compute_sqrt"),
            ("modular_arith", "modular_arithmetic"), ("brackets", "modular_arithmetic_brackets"),
            ("Parity-Check", "parity_check"), ("binary_multiplcation", "binary_multiplication"),
            ("qwertyuiop", nil), ("", nil),
            // Among the names "modular" begins, the shortest: the algebraic tables' modular_addition.
            ("modular", "modular_addition"),
        ]
        for (query, expected) in cases {
            #expect(NameSuggestion.closest(to: query, among: TaskCatalog.names) == expected, "\(query)")
        }
        let message = TaskError.unknownTask(name: "qwertyuiop", suggestion: nil, known: TaskCatalog.names).description
        #expect(
            message
                == "unknown task 'qwertyuiop'; known tasks: \(Self.allNames), copy, repeat_copy, associative_recall, "
                + "priority_sort, sort, convex_hull, tsp, arithmetic_function, decimal_addition, "
                + "decimal_multiplication, graves_parity, fan_parity, fan_copy, fan_addition, fan_binary_sum, "
                + "fan_multiplication, fan_unique_set, word_problem, \(Self.tableNames), \(Self.predictionNames)"
        )
    }

    @Test(arguments: TaskCatalog.chomsky.map(\.name))
    func invalidLengthsAreRejected(_ name: String) throws {
        let t = task(name)
        for bad in [0, -1, -40, maximumTaskLength + 1] {
            let error = #expect(throws: TaskError.self) { try t.validate(length: bad) }
            #expect(error == .invalidLength(task: name, length: bad, valid: "1...\(maximumTaskLength)"))
            #expect(
                error?.description
                    == "task '\(name)' cannot sample length \(bad); valid lengths: 1...\(maximumTaskLength)")
        }
        for good in [1, 2, 3, 40, 500, maximumTaskLength] { try t.validate(length: good) }
    }
}
