import ReckonSupport
import ReckonTasks
import Testing

/// The shapes of sampled inputs (not only the labels) follow the reference's generators.
/// Same sample size and tolerance reasoning as `LabelDistributionTests`.
@Suite struct InputDistributionTests {
    static let examples = 20_000
    static let tolerance = 0.02

    func rows(_ name: String, length: Int) -> (any AlgorithmicTask, Batch) {
        let t = task(name)
        var rng = RandomGenerator(seed: 3)
        return (t, t.sample(batchSize: Self.examples, length: length, rng: &rng))
    }

    func expectUniform(_ values: [Int], over range: ClosedRange<Int>, _ label: String) {
        var counts = [Int: Int]()
        for v in values { counts[v, default: 0] += 1 }
        #expect(Set(counts.keys).isSubset(of: Set(range)), "\(label): values outside \(range)")
        for v in range {
            let f = Double(counts[v, default: 0]) / Double(values.count)
            #expect(abs(f - 1 / Double(range.count)) < Self.tolerance, "\(label): value \(v) has frequency \(f)")
        }
    }

    @Test func stackManipulationStackLengthAndActions() {
        // Stack length uniform in 1...L-1, then actions uniform over POP, PUSH 0, PUSH 1.
        let (_, batch) = rows("stack_manipulation", length: 5)
        var stackLengths: [Int] = []
        var actions: [Int] = []
        for b in 0..<batch.batchSize {
            let row = batch.inputRow(b)
            let s = row.firstIndex { $0 >= 2 } ?? row.count
            stackLengths.append(s)
            actions += row[s...]
            #expect(row[s...].allSatisfy { $0 >= 2 })
        }
        expectUniform(stackLengths, over: 1...4, "stack length")
        expectUniform(actions, over: 2...4, "actions")
    }

    @Test(arguments: ["binary_addition", "binary_multiplication"])
    func binaryOperandSplitIsUniform(_ name: String) {
        // The first number has n digits, n uniform in 1...L-2; neither number is zero.
        let (_, batch) = rows(name, length: 6)
        var splits: [Int] = []
        for b in 0..<batch.batchSize {
            let row = batch.inputRow(b)
            let op = row.firstIndex(of: 2)!
            splits.append(op)
            #expect(row[..<op].contains(1) && row[(op + 1)...].contains(1))
        }
        expectUniform(splits, over: 1...4, "\(name) first-number digits")
    }

    @Test(arguments: ["binary_addition", "binary_multiplication"])
    func binaryLength2IsOneNumberBelow3(_ name: String) {
        // `randint(0, 2**2 - 1)` excludes 3: values 0, 1, 2 (little-endian), each 1/3.
        let (_, batch) = rows(name, length: 2)
        let values = (0..<batch.batchSize).map { (b: Int) -> Int in
            let low: Int = batch.input.ids[2 * b]
            let high: Int = batch.input.ids[2 * b + 1]
            return low + 2 * high
        }
        expectUniform(values, over: 0...2, "\(name) L=2 value")
    }

    @Test func binaryLength1IsAlwaysZero() {
        for name in ["binary_addition", "binary_multiplication"] {
            let (_, batch) = rows(name, length: 1)
            #expect(batch.input.ids.allSatisfy { $0 == 0 })
        }
    }

    @Test func computeSqrtInputIsNonZeroAndUniform() {
        // Uniform in 1...2^L - 1: at L = 2 the values 1, 2, 3 (big-endian), each 1/3.
        let (_, batch) = rows("compute_sqrt", length: 2)
        let values = (0..<batch.batchSize).map { (b: Int) -> Int in
            let high: Int = batch.input.ids[2 * b]
            let low: Int = batch.input.ids[2 * b + 1]
            return 2 * high + low
        }
        expectUniform(values, over: 1...3, "compute_sqrt L=2 value")
    }

    @Test func modularArithmeticOperatorsAndDigitsAreUniform() {
        let (_, batch) = rows("modular_arithmetic", length: 5)
        var digits: [Int] = []
        var ops: [Int] = []
        for b in 0..<batch.batchSize {
            let row = batch.inputRow(b)
            for (i, token) in row.enumerated() { if i % 2 == 0 { digits.append(token) } else { ops.append(token) } }
        }
        expectUniform(digits, over: 0...4, "digits")
        expectUniform(ops, over: 5...7, "operators")
    }

    @Test func bracketOperatorIsUniformOverThree() {
        // At L = 5 the expression is ( d op d ) with op uniform over + - * (mult=True).
        let (_, batch) = rows("modular_arithmetic_brackets", length: 5)
        let ops = (0..<batch.batchSize).map { batch.input.ids[5 * $0 + 2] }
        expectUniform(ops, over: 5...7, "operators")
    }

    @Test func bracketLeftLengthIsUniform() {
        // At L = 9 the left operand has length 1...5 uniformly; it ends where the top-level
        // operator sits, found by bracket depth.
        let (_, batch) = rows("modular_arithmetic_brackets", length: 9)
        var leftLengths: [Int] = []
        for b in 0..<batch.batchSize {
            let row = batch.inputRow(b)
            var depth = 0
            for i in 1..<(row.count - 1) {
                if row[i] == 8 { depth += 1 } else if row[i] == 9 { depth -= 1 }
                // The operator after the left operand: depth 0, and not a leading unary minus.
                if depth == 0, (5...7).contains(row[i]), i > 1, row[i - 1] != 5, row[i - 1] != 6, row[i - 1] != 7 {
                    leftLengths.append(i - 1)
                    break
                }
            }
        }
        #expect(leftLengths.count == batch.batchSize)
        expectUniform(leftLengths, over: 1...5, "left length")
    }

    @Test func missingDuplicatePositionIsUniform() {
        // The hidden position is uniform over the 2·(L/2) symbols of the duplicated string.
        let (_, batch) = rows("missing_duplicate_string", length: 7)
        let holes = (0..<batch.batchSize).map { batch.inputRow($0).firstIndex(of: 2)! }
        expectUniform(holes, over: 0...5, "hole position")
        #expect((0..<batch.batchSize).allSatisfy { batch.input.ids[7 * $0 + 6] == 3 })
    }
}
