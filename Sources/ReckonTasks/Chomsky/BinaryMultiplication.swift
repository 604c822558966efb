import ReckonSupport

/// binary_multiplication: the product of two little-endian binary numbers `a*b`, little-endian, then `$`.
public struct BinaryMultiplication: AlgorithmicTask {
    static let times = 2
    static let termination = 2

    public init() {}
    public var name: String { "binary_multiplication" }
    public var level: TaskLevel { .contextSensitive }
    public var summary: String { "product of two little-endian binary numbers a*b, then $ and 0-padding" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String {
        "any length >= 1; lengths 1-2 hold one number and no *, and the reference fixes the answer to $ (length 1) "
            + "or 0 $ (length 2); the mask ends at $"
    }
    public var inputSymbols: [String] { ["0", "1", "*"] }
    public var outputSymbols: [String] { ["0", "1", "$"] }

    public func outputLength(forInputLength length: Int) -> Int { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * length)
        var mask = [Float](repeating: 0, count: batchSize * length)
        for b in 0..<batchSize {
            let row = b * length
            switch BinaryOperands.sample(length: length, operatorToken: Self.times, into: &input, at: row, rng: &rng) {
            case .single:
                // No product to compute: the reference keeps the result length below L with
                // L - 1 zeros before the termination token.
                for i in 0..<length { mask[row + i] = 1 }
                target[row + length - 1] = Self.termination
            case .pair(let x, let y):
                BinaryOperands.writeResult(x * y, termination: Self.termination, into: &target, mask: &mask, at: row)
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .tokens(input), target: .tokens(target), mask: mask)
    }

    public func solve(_ input: [Int]) -> [Int] {
        let operands = input.split(separator: Self.times, omittingEmptySubsequences: false).map(Array.init)
        guard operands.count == 2 else {
            precondition(input.count <= 2, "inputs of length >= 3 contain *")
            return Array(repeating: 0, count: input.count - 1) + [Self.termination]
        }
        var product = BitListArithmetic.multiply(operands[0], operands[1])
        if product.isEmpty { product = [0] }
        let row = product + [Self.termination]
        return row + Array(repeating: 0, count: input.count - row.count)
    }
}
