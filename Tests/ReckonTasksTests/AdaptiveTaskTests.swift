import ReckonSupport
import ReckonTasks
import Testing

/// The adaptive-computation tasks (Graves 2016's parity, Fan et al. 2025's six looped-transformer
/// tasks): levels, layouts, literature lengths, the loop iterations T(n) each asks for, and the
/// input distributions (`SolverAgreementTests` checks every sample against the solver,
/// `GoldenExampleTests` hand-written examples, `DeterminismTests` the seeds).
@Suite struct AdaptiveTaskTests {
    static let fanNames = [
        "fan_parity", "fan_copy", "fan_addition", "fan_binary_sum", "fan_multiplication", "fan_unique_set",
    ]

    static func make(_ name: String, _ settings: [String: String]) throws -> any AlgorithmicTask {
        try TaskCatalog.task(named: name, settings: settings)
    }

    @Test func catalogListsThemAtTheAdaptiveLevel() {
        let adaptive = TaskCatalog.all.filter { $0.level == .adaptive }.map(\.name)
        #expect(adaptive == ["graves_parity"] + Self.fanNames)
        #expect(TaskLevel.adaptive.displayName == "adaptive computation")
        for name in adaptive {
            let t = task(name)
            #expect(t.outputKind == .tokens, "\(name)")
            // Fan et al. score the whole answer; Graves' single class is its own exact match.
            #expect(t.reportsExactMatch == name.hasPrefix("fan_"), "\(name)")
            #expect(t.isClassification == (name == "graves_parity" || name == "fan_parity"), "\(name)")
        }
    }

    /// T(n) as the released code uses it: n for parity, copy, binary sum and unique set; n for
    /// addition (n + 1, the paper's program, as a setting); n·m for multiplication. None elsewhere.
    @Test func iterationsFollowTheDocumentedRule() throws {
        let lengths = [1, 2, 3, 7, 19, 20, 50, 100]
        for name in ["fan_parity", "fan_copy", "fan_binary_sum", "fan_unique_set", "fan_addition"] {
            for n in lengths { #expect(task(name).iterations(forLength: n) == n, "\(name) n=\(n)") }
        }
        let paperAddition = try Self.make("fan_addition", ["iterations_rule": "n_plus_1"])
        let oneBit = try Self.make("fan_multiplication", ["multiplier_bits": "1"])
        for n in lengths {
            #expect(paperAddition.iterations(forLength: n) == n + 1)
            #expect(task("fan_multiplication").iterations(forLength: n) == 2 * n)
            #expect(oneBit.iterations(forLength: n) == n)
            #expect(task("graves_parity").iterations(forLength: n) == nil)
        }
        for t in TaskCatalog.all where t.level != .adaptive {
            #expect(t.iterations(forLength: 3) == nil, "\(t.name)")
        }
    }

    /// Input and output lengths for n, and every output position in the mask (the paper
    /// supervises the trailing EOS positions too).
    @Test func layouts() throws {
        let oneBit = try Self.make("fan_multiplication", ["multiplier_bits": "1"])
        let cases: [(any AlgorithmicTask, (Int) -> (Int, Int))] = [
            (task("fan_parity"), { ($0, 1) }),
            (task("fan_copy"), { ($0, $0) }),
            (task("fan_addition"), { (2 * $0 + 1, $0 + 1) }),
            (task("fan_binary_sum"), { n in (n, String(n, radix: 2).count) }),
            (task("fan_multiplication"), { ($0 + 3, $0 + 2) }),
            (oneBit, { ($0 + 2, $0 + 1) }),
            (task("fan_unique_set"), { ($0, $0) }),
            (task("graves_parity"), { _ in (1, 1) }),
        ]
        var rng = RandomGenerator(seed: 3)
        for (t, rule) in cases {
            for n in [1, 2, 3, 4, 7, 8, 31, 32, 64] {
                let (inLength, outLength) = rule(n)
                #expect(t.inputLength(forLength: n) == inLength, "\(t.name) n=\(n)")
                #expect(t.outputLength(forInputLength: inLength) == outLength, "\(t.name) n=\(n)")
                let batch = t.sample(batchSize: 4, length: n, rng: &rng)
                #expect(batch.inputLength == inLength && batch.outputLength == outLength, "\(t.name) n=\(n)")
                #expect(batch.mask.allSatisfy { $0 == 1 }, "\(t.name) n=\(n)")
            }
        }
        #expect(task("fan_binary_sum").outputLength(forInputLength: 7) == 3)
        #expect(task("fan_binary_sum").outputLength(forInputLength: 8) == 4)
    }

    @Test func literatureLengths() {
        let expected: [String: (Int, Int)] = [
            "graves_parity": (32, 64), "fan_parity": (20, 100), "fan_copy": (19, 50), "fan_addition": (19, 50),
            "fan_binary_sum": (19, 50), "fan_multiplication": (11, 50), "fan_unique_set": (19, 50),
        ]
        for (name, (train, eval)) in expected {
            #expect(task(name).defaultTrainLength == train && task(name).defaultEvalMaxLength == eval, "\(name)")
        }
    }

    @Test func settingsAreChecked() throws {
        let bad: [(String, [String: String])] = [
            ("fan_multiplication", ["multiplier_bits": "3"]), ("fan_multiplication", ["multiplier_bits": "0"]),
            ("fan_addition", ["iterations_rule": "n_plus_2"]), ("fan_unique_set", ["vocabulary": "0"]),
            ("graves_parity", ["placement": "last"]), ("graves_parity", ["size": "0"]),
            ("fan_copy", ["vocabulary": "3"]),
        ]
        for (name, settings) in bad {
            #expect(throws: SettingError.self, "\(name) \(settings)") { try Self.make(name, settings) }
        }
        let unique = try Self.make("fan_unique_set", ["vocabulary": "7"])
        #expect(unique.inputSize == 7 && unique.outputSize == 8 && unique.outputSymbols.last == "eos")
        let graves = try Self.make("graves_parity", ["size": "16"])
        #expect(graves.inputSize == 16 && graves.defaultTrainLength == 8 && graves.defaultEvalMaxLength == 16)
    }

    /// Graves' k runs over 1...size; other lengths are refused with the valid range.
    @Test func gravesLengthsAreOneToSize() throws {
        let t = try Self.make("graves_parity", ["size": "16"])
        for good in [1, 8, 16] { try t.validate(length: good) }
        for bad in [0, -1, 17, 64] {
            let error = #expect(throws: TaskError.self) { try t.validate(length: bad) }
            #expect(error == .invalidLength(task: "graves_parity", length: bad, valid: "1...16 (size)"))
        }
        try task("graves_parity").validate(length: 64)
        #expect(throws: TaskError.self) { try task("graves_parity").validate(length: 65) }
    }

    /// Exactly k entries are ±1, the rest 0; `first` puts them at the start, `random` anywhere,
    /// with every entry used and the +1/−1 split and the classes near half.
    @Test(arguments: ["random", "first"])
    func gravesPlacesKValues(_ placement: String) throws {
        let t = try Self.make("graves_parity", ["placement": placement])
        var rng = RandomGenerator(seed: 9)
        var used = [Int](repeating: 0, count: 64)
        var plus = 0
        var nonZero = 0
        var odd = 0
        var examples = 0
        for k in [1, 5, 32, 63, 64] {
            let batch = t.sample(batchSize: 200, length: k, rng: &rng)
            for b in 0..<batch.batchSize {
                let row = batch.inputVectors(b)[0]
                let set = row.indices.filter { row[$0] != 0 }
                #expect(set.count == k && set.allSatisfy { row[$0] == 1 || row[$0] == -1 })
                if placement == "first" { #expect(set == Array(0..<k)) }
                if k <= 5 { for i in set { used[i] += 1 } }
                plus += set.filter { row[$0] == 1 }.count
                nonZero += set.count
                odd += batch.targetRow(b)[0]
                examples += 1
            }
        }
        // k = 1 and 5 put 1200 values on the vector: on all 64 entries at random (about 19 each), on the
        // first 5 otherwise.
        #expect(used.indices.filter { used[$0] > 0 } == Array(0..<(placement == "random" ? 64 : 5)))
        #expect(abs(Double(plus) / Double(nonZero) - 0.5) < 0.02)
        #expect(abs(Double(odd) / Double(examples) - 0.5) < 0.06)
    }

    /// Fan et al. draw every bit uniformly, so operands start with 0 as often as 1 and the
    /// addition's leading carry is 1 in about half the examples.
    @Test func fanBitsAreUniform() {
        var rng = RandomGenerator(seed: 4)
        let n = 6
        let batch = task("fan_addition").sample(batchSize: 2000, length: n, rng: &rng)
        var leadingZeros = 0
        var carries = 0
        for b in 0..<batch.batchSize {
            let row = batch.inputRow(b)
            #expect(row[n] == 2 && row.filter { $0 == 2 }.count == 1)
            leadingZeros += (row[0] == 0 ? 1 : 0) + (row[n + 1] == 0 ? 1 : 0)
            carries += batch.targetRow(b)[0]
        }
        #expect(abs(Double(leadingZeros) / 4000 - 0.5) < 0.04)
        // P(a + b ≥ 2^n) for a, b uniform below 2^n is (2^n − 1) / 2^(n + 1) = 63/128.
        #expect(abs(Double(carries) / 2000 - 63.0 / 128) < 0.04)
    }

    /// Unique set values cover the vocabulary; the set holds each drawn value once, in first-
    /// occurrence order, and eos fills the rest.
    @Test func uniqueSetDrawsTheWholeVocabulary() {
        var rng = RandomGenerator(seed: 6)
        let batch = task("fan_unique_set").sample(batchSize: 100, length: 30, rng: &rng)
        var seen = Set<Int>()
        for b in 0..<batch.batchSize {
            let input = batch.inputRow(b)
            let target = batch.targetRow(b)
            seen.formUnion(input)
            let set = target.filter { $0 != 50 }
            #expect(Set(set) == Set(input) && set.count == Set(input).count)
            #expect(target.suffix(30 - set.count).allSatisfy { $0 == 50 })
        }
        #expect(seen == Set(0..<50))
    }
}
