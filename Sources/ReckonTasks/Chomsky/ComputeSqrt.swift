import ReckonSupport

/// compute_sqrt: floor of the square root of a big-endian binary number, in ceil(L/2) digits.
public struct ComputeSqrt: AlgorithmicTask {
    public init() {}
    public var name: String { "compute_sqrt" }
    public var level: TaskLevel { .contextSensitive }
    public var summary: String { "floor(sqrt(n)) of a big-endian binary number, in ceil(L/2) digits" }
    public var outputLengthRule: String { "ceil(L / 2)" }
    public var lengthNote: String { "any length >= 1; inputs are 1 ... 2^L - 1 with leading zeros" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { (length + 1) / 2 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let outLength = outputLength(forInputLength: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * outLength)
        for b in 0..<batchSize {
            let n = BigNatural.randomNonZero(bitCount: length, rng: &rng)
            for t in 0..<length { input[b * length + t] = n.bit(length - 1 - t) }
            let root = n.squareRootFloor()
            for i in 0..<outLength { target[b * outLength + i] = root.bit(outLength - 1 - i) }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: outLength,
            input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        let root = BitListArithmetic.squareRoot(input.reversed())
        let digits = outputLength(forInputLength: input.count)
        precondition(root.count <= digits, "the root of an L-digit number has at most ceil(L/2) digits")
        let padded = root + Array(repeating: 0, count: digits - root.count)
        return padded.reversed()
    }
}
