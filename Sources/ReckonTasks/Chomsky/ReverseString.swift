import ReckonSupport

/// reverse_string: the binary input string, reversed.
public struct ReverseString: AlgorithmicTask {
    public init() {}
    public var name: String { "reverse_string" }
    public var level: TaskLevel { .deterministicContextFree }
    public var summary: String { "the binary input string, reversed" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "any length >= 1" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * length)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * length
            for t in 0..<length {
                let bit = bits.next(&rng)
                input[row + t] = bit
                target[row + length - 1 - t] = bit
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] { Array(input.reversed()) }
}
