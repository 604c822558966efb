import ReckonSupport
import Testing

@testable import ReckonTasks

/// decimal_addition and decimal_multiplication: golden examples for every format, the solver
/// against the generator, and the solver's answers against machine integers.
@Suite struct DecimalArithmeticTests {
    static func make(_ name: String, _ format: String) throws -> any AlgorithmicTask {
        try TaskCatalog.task(named: name, settings: ["format": format])
    }

    /// (task, format, input, output up to and including $), written out by hand.
    static let golden: [(String, String, String, String)] = [
        ("decimal_addition", "plain", "1 2 3 + 4 5 6 =", "5 7 9 $"),
        ("decimal_addition", "plain", "9 9 + 9 9 =", "1 9 8 $"),
        ("decimal_addition", "reversed", "9 9 + 9 9 =", "8 9 1 $"),
        ("decimal_addition", "reversed", "1 2 3 + 4 5 6 =", "9 7 5 $"),
        ("decimal_addition", "index_hints", "h1 9 h0 9 + h1 9 h0 9 =", "h2 1 h1 9 h0 8 $"),
        ("decimal_addition", "index_hints", "h0 3 + h0 4 =", "h0 7 $"),
        // Columns from the least significant: a_i b_i carry-in sum-digit ;
        ("decimal_addition", "scratchpad", "5 8 + 6 7 =", "8 7 0 5 ; 5 6 1 2 ; | 1 2 5 $"),
        ("decimal_addition", "scratchpad", "1 2 + 3 4 =", "2 4 0 6 ; 1 3 0 4 ; | 4 6 $"),
        ("decimal_multiplication", "plain", "1 2 * 3 4 =", "4 0 8 $"),
        ("decimal_multiplication", "plain", "0 * 7 =", "0 $"),
        ("decimal_multiplication", "reversed", "1 2 * 3 4 =", "8 0 4 $"),
        ("decimal_multiplication", "index_hints", "h1 1 h0 2 * h1 3 h0 4 =", "h2 4 h1 0 h0 8 $"),
        // Per digit of b from the least significant: a·b_j ; running sum ; then | answer.
        ("decimal_multiplication", "scratchpad", "1 2 * 3 4 =", "4 8 ; 4 8 ; 3 6 ; 4 0 8 ; | 4 0 8 $"),
        ("decimal_multiplication", "scratchpad", "9 9 * 9 9 =", "8 9 1 ; 8 9 1 ; 8 9 1 ; 9 8 0 1 ; | 9 8 0 1 $"),
    ]

    @Test func goldenExamples() throws {
        for (name, format, input, output) in Self.golden {
            let t = try Self.make(name, format)
            let ids = try t.encodeInput(input.split(separator: " ").map(String.init))
            let row = t.solve(ids)
            let symbols = t.decodeOutput(row)
            let end = try #require(symbols.firstIndex(of: "$"))
            #expect(symbols[...end].joined(separator: " ") == output, "\(name) \(format): \(input)")
            #expect(row.count == t.outputLength(forInputLength: ids.count))
            // The generator writes the same row for these operands.
            let d = t as! DecimalArithmetic
            let digits = ids.filter { $0 <= 9 }
            let half = digits.count / 2
            let a = Array(digits[..<half].reversed())
            let b = Array(digits[half...].reversed())
            #expect(d.encodeOperands(a, b) == ids)
            #expect(d.render(a, b) == Array(row[...end]))
        }
        #expect(Set(Self.golden.map { "\($0.0) \($0.1)" }).count == 8)
    }

    @Test(arguments: ["decimal_addition", "decimal_multiplication"])
    func solverAgreesWithGenerator(_ name: String) throws {
        for format in DecimalFormat.allCases.map(\.rawValue) {
            let t = try Self.make(name, format)
            for length in [1, 2, 3, 5, 8, 13, 16, 20] {
                var rng = RandomGenerator(seed: UInt64(length))
                let batch = t.sample(batchSize: 16, length: length, rng: &rng)
                #expect(batch.inputLength == t.inputLength(forLength: length))
                #expect(batch.outputLength == t.outputLength(forInputLength: batch.inputLength))
                for b in 0..<batch.batchSize {
                    let mask = batch.maskRow(b)
                    let solved = t.solve(batch.inputRow(b))
                    #expect(solved == batch.targetRow(b), "\(name) \(format) L=\(length)")
                    // The mask covers exactly the tokens up to $.
                    let end = solved.firstIndex(of: 10)!
                    #expect(mask == (0..<mask.count).map { $0 <= end ? 1 : 0 })
                }
            }
        }
    }

    /// Answers against machine integers, operands up to 9 digits (products below 10^18).
    @Test func answersMatchMachineIntegers() throws {
        var rng = RandomGenerator(seed: 11)
        for name in ["decimal_addition", "decimal_multiplication"] {
            let t = try Self.make(name, "reversed")
            for length in 1...9 {
                let batch = t.sample(batchSize: 32, length: length, rng: &rng)
                for b in 0..<batch.batchSize {
                    let row = batch.inputRow(b)
                    let op = row.firstIndex { $0 == 10 || $0 == 11 }!
                    let a = row[..<op].reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
                    let c = row[(op + 1)..<(row.count - 1)].reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
                    #expect(row[..<op].count == length && (length == 1 || row[0] != 0))
                    let expected = name == "decimal_addition" ? a + c : a * c
                    let answer = t.solve(row).prefix { $0 != 10 }.reversed().reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
                    #expect(answer == expected, "\(a) \(c)")
                }
            }
        }
    }

    @Test func settingsAndLengths() throws {
        for bad in [["format": "binary"], ["max_digits": "0"]] {
            #expect(throws: SettingError.self) { try TaskCatalog.task(named: "decimal_addition", settings: bad) }
        }
        let t = try TaskCatalog.task(named: "decimal_multiplication", settings: ["max_digits": "10"])
        #expect(throws: TaskError.self) { try t.validate(length: 11) }
        #expect(t.defaultTrainLength == 8 && t.defaultEvalMaxLength == 16 && t.level == .arithmetic)
        let hints = try TaskCatalog.task(
            named: "decimal_addition",
            settings: ["format": "index_hints", "max_digits": "4"])
        #expect(hints.inputSize == 13 + 8 && hints.outputSize == 13 + 8)
        #expect(hints.inputLength(forLength: 3) == 14)
    }
}
