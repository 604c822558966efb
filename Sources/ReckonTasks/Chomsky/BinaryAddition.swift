import ReckonSupport

/// binary_addition: the sum of two little-endian binary numbers `a+b`, little-endian, then `$`.
public struct BinaryAddition: AlgorithmicTask {
    static let plus = 2
    static let termination = 2

    public init() {}
    public var name: String { "binary_addition" }
    public var level: TaskLevel { .contextSensitive }
    public var summary: String { "sum of two little-endian binary numbers a+b, then $ and 0-padding" }
    public var outputLengthRule: String { "L + 1" }
    public var lengthNote: String {
        "any length >= 1; lengths 1-2 hold one number and no + (length 1 is always 0), as in the reference; the mask "
            + "ends at $"
    }
    public var inputSymbols: [String] { ["0", "1", "+"] }
    public var outputSymbols: [String] { ["0", "1", "$"] }

    public func outputLength(forInputLength length: Int) -> Int { length + 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let outLength = length + 1
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * outLength)
        var mask = [Float](repeating: 0, count: batchSize * outLength)
        for b in 0..<batchSize {
            let sum: BigNatural
            switch BinaryOperands.sample(
                length: length, operatorToken: Self.plus, into: &input, at: b * length, rng: &rng)
            {
            case .single(let value): sum = value
            case .pair(let x, let y): sum = x + y
            }
            BinaryOperands.writeResult(
                sum, termination: Self.termination, into: &target, mask: &mask, at: b * outLength)
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: outLength,
            input: .tokens(input), target: .tokens(target), mask: mask)
    }

    public func solve(_ input: [Int]) -> [Int] {
        let operands = input.split(separator: Self.plus, omittingEmptySubsequences: false).map(Array.init)
        precondition(operands.count <= 2, "at most one +")
        var sum = BitListArithmetic.add(operands[0], operands.count == 2 ? operands[1] : [])
        if sum.isEmpty { sum = [0] }
        let row = sum + [Self.termination]
        return row + Array(repeating: 0, count: input.count + 1 - row.count)
    }
}
