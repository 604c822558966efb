import ReckonSupport

/// duplicate_string: the binary input string written twice.
public struct DuplicateString: AlgorithmicTask {
    public init() {}
    public var name: String { "duplicate_string" }
    public var level: TaskLevel { .contextSensitive }
    public var summary: String { "the binary input string written twice (ww)" }
    public var outputLengthRule: String { "2L" }
    public var lengthNote: String { "any length >= 1" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { 2 * length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * 2 * length)
        var bits = RandomBits()
        for b in 0..<batchSize {
            for t in 0..<length {
                let bit = bits.next(&rng)
                input[b * length + t] = bit
                target[2 * b * length + t] = bit
                target[2 * b * length + length + t] = bit
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 2 * length,
            input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] { input + input }
}
