import ReckonSupport

/// even_pairs: is the number of unequal adjacent pairs (`01`, `10`) in a binary string odd?
public struct EvenPairs: AlgorithmicTask {
    public init() {}
    public var name: String { "even_pairs" }
    public var level: TaskLevel { .regular }
    public var summary: String { "parity of the number of 01/10 pairs in a binary string" }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String { "any length >= 1; length 1 has no pairs, so its class is always 0" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * length
            for t in 0..<length { input[row + t] = bits.next(&rng) }
            // Each boundary flips the current symbol, so their count is odd exactly when
            // the string ends on a different symbol than it starts with.
            target[b] = input[row] == input[row + length - 1] ? 0 : 1
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        var unequalPairs = 0
        for i in input.indices.dropFirst() where input[i] != input[i - 1] { unequalPairs += 1 }
        return [unequalPairs % 2]
    }
}
