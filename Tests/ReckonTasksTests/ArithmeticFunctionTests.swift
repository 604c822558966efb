import ReckonSupport
import Testing

@testable import ReckonTasks

/// arithmetic_function against stable-nalu's dataset semantics, its independent solver and a
/// closed-form success threshold.
@Suite struct ArithmeticFunctionTests {
    static func configured(_ values: [String: String]) throws -> ArithmeticFunction {
        try #require(try TaskCatalog.task(named: "arithmetic_function", settings: values) as? ArithmeticFunction)
    }

    @Test(arguments: ["add", "sub", "mul", "div"])
    func solverAgreesWithGenerator(_ op: String) throws {
        for seed: UInt64 in [0, 1, 7, 12345] {
            let t = try Self.configured(["operation": op, "subset_seed": String(seed)])
            for length in 1...2 {
                var rng = RandomGenerator(seed: seed &+ UInt64(length))
                let batch = t.sample(batchSize: 64, length: length, rng: &rng)
                #expect(batch.inputLength == 1 && batch.outputLength == 1)
                #expect(batch.input.width == 100 && batch.target.width == 1)
                for b in 0..<batch.batchSize {
                    let row = batch.inputExample(b).values.map(Double.init)
                    let expected = t.solveValues(row)[0]
                    let got = Double(batch.targetExample(b).values[0])
                    #expect(Swift.abs(got - expected) <= 1e-6 * Swift.max(1, Swift.abs(expected)), "\(op) \(seed)")
                }
            }
        }
    }

    @Test func inputsFollowTheirRange() throws {
        let t = try Self.configured([
            "interpolation_low": "-1", "interpolation_high": "0.5",
            "extrapolation_low": "10", "extrapolation_high": "20",
        ])
        var rng = RandomGenerator(seed: 3)
        let interpolation = t.sample(batchSize: 50, length: 1, rng: &rng).input.values
        let extrapolation = t.sample(batchSize: 50, length: 2, rng: &rng).input.values
        #expect(interpolation.allSatisfy { $0 >= -1 && $0 <= 0.5 })
        #expect(extrapolation.allSatisfy { $0 >= 10 && $0 <= 20 })
        // Uniform: the mean of 5000 draws from U[10, 20] is 15 within a few standard errors (0.04).
        #expect(Swift.abs(extrapolation.reduce(0, +) / Float(extrapolation.count) - 15) < 0.2)
    }

    /// The reference: subset = floor(0.25 · 100) = 25, overlap = floor(0.5 · 25) = 12, the pair spans
    /// 38 elements at an offset in 0...62.
    @Test func subsetsFollowTheReference() throws {
        var offsets = Set<Int>()
        for seed in 0..<40 {
            let t = try Self.configured(["subset_seed": String(seed)])
            let (a, b) = t.subsets
            #expect(a.count == 25 && b.count == 25)
            #expect(b.lowerBound == a.upperBound - 12)
            #expect(a.lowerBound >= 0 && b.upperBound <= 100 && a.lowerBound <= 62)
            offsets.insert(a.lowerBound)
        }
        #expect(offsets.count > 10)
        let small = try Self.configured(["input_size": "10", "subset_ratio": "0.5", "overlap_ratio": "0"])
        #expect(small.subsets.a.count == 5 && small.subsets.b.lowerBound == small.subsets.a.upperBound)
    }

    @Test func settingsAreCheckedWithOneLineErrors() throws {
        #expect(
            throws: SettingError.unknown(
                "opertion", owner: "task 'arithmetic_function'", known: ArithmeticFunction.Settings.names)
        ) {
            try TaskCatalog.task(named: "arithmetic_function", settings: ["opertion": "add"])
        }
        #expect(
            throws: SettingError.badValue(
                "operation", value: "pow", expected: "one of add, sub, mul, div", owner: "task 'arithmetic_function'")
        ) {
            try TaskCatalog.task(named: "arithmetic_function", settings: ["operation": "pow"])
        }
        for bad in [
            ["input_size": "0"], ["subset_ratio": "1.5"], ["subset_ratio": "nan"],
            ["interpolation_high": "0.5"], ["subset_ratio": "0.8"], ["subset_ratio": "0.001"],
            ["subset_seed": "-1"],
        ] {
            #expect(throws: SettingError.self, "\(bad)") {
                try TaskCatalog.task(named: "arithmetic_function", settings: bad)
            }
        }
        #expect(throws: SettingError.unknown("operation", owner: "task 'parity_check'", known: [])) {
            try TaskCatalog.task(named: "parity_check", settings: ["operation": "add"])
        }
        let error = SettingError.badValue("operation", value: "pow", expected: "x", owner: "task 'arithmetic_function'")
        let message = "\(error)"
        #expect(!message.contains("\n"))
        #expect(try TaskCatalog.task(named: "parity_check", settings: [:]).name == "parity_check")
    }

    @Test func lengthsAreTheTwoRanges() {
        let t = ArithmeticFunction()
        #expect((try? t.validate(length: 1)) != nil && (try? t.validate(length: 2)) != nil)
        #expect(throws: TaskError.self) { try t.validate(length: 3) }
        #expect(throws: TaskError.self) { try t.validate(length: 0) }
        #expect(t.range(forLength: 1) == 1...2 && t.range(forLength: 2) == 2...6)
        #expect(t.defaultTrainLength == 1 && t.defaultEvalMaxLength == 2 && t.outputKind == .reals)
    }

    @Test func sameSeedSameBatch() {
        let t = ArithmeticFunction()
        var r1 = RandomGenerator(seed: 5)
        var r2 = RandomGenerator(seed: 5)
        #expect(t.sample(batchSize: 8, length: 2, rng: &r1) == t.sample(batchSize: 8, length: 2, rng: &r2))
    }

    /// For add and sub the near-perfect error is linear in the inputs: Σ c_i x_i with c_i = ε·(±1 ± 1),
    /// so its mean square is σ²·Σc² + μ²·(Σc)² exactly. The Monte Carlo estimate must agree.
    @Test(arguments: ["add", "sub"])
    func thresholdMatchesClosedForm(_ op: String) throws {
        let t = try Self.configured(["operation": op])
        let (a, b) = t.subsets
        let eps = ArithmeticFunction.nearPerfectEpsilon
        for length in 1...2 {
            let r = t.range(forLength: length)
            let mu = (r.lowerBound + r.upperBound) / 2
            let variance = (r.upperBound - r.lowerBound) * (r.upperBound - r.lowerBound) / 12
            var sum = 0.0
            var sumSquares = 0.0
            for i in 0..<100 {
                let ca = eps * (a.contains(i) ? -1 : 1)
                let cb = eps * (b.contains(i) ? -1 : 1)
                let c = op == "add" ? ca + cb : ca - cb
                sum += c
                sumSquares += c * c
            }
            let exact = variance * sumSquares + mu * mu * sum * sum
            let estimate = t.successThreshold(forLength: length)
            #expect(Swift.abs(estimate - exact) / exact < 0.03, "\(op) length \(length): \(estimate) vs \(exact)")
        }
    }

    /// The paper's thresholds grow with the range and the operation: multiplication on U[2, 6]
    /// errs far more than addition for the same ε.
    @Test func thresholdOrdering() throws {
        let add = try Self.configured(["operation": "add"])
        let mul = try Self.configured(["operation": "mul"])
        #expect(add.successThreshold(forLength: 2) > add.successThreshold(forLength: 1))
        #expect(mul.successThreshold(forLength: 2) > 100 * add.successThreshold(forLength: 2))
    }
}
