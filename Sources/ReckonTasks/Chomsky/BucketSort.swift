import ReckonSupport

/// bucket_sort: the input string over {0, ..., 4}, sorted.
public struct BucketSort: AlgorithmicTask {
    /// Alphabet size; the paper uses 5.
    public static let vocabularySize = 5

    public init() {}
    public var name: String { "bucket_sort" }
    public var level: TaskLevel { .contextSensitive }
    public var summary: String { "the input string over 0-4, sorted" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "any length >= 1" }
    public var inputSymbols: [String] { (0..<Self.vocabularySize).map(String.init) }
    public var outputSymbols: [String] { (0..<Self.vocabularySize).map(String.init) }

    public func outputLength(forInputLength length: Int) -> Int { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * length)
        var counts = [Int](repeating: 0, count: Self.vocabularySize)
        for b in 0..<batchSize {
            let row = b * length
            // Counting sort: tally while generating, then write each symbol's run.
            for s in counts.indices { counts[s] = 0 }
            for t in 0..<length {
                let symbol = rng.nextInt(below: Self.vocabularySize)
                input[row + t] = symbol
                counts[symbol] += 1
            }
            var t = row
            for symbol in counts.indices {
                for _ in 0..<counts[symbol] {
                    target[t] = symbol
                    t += 1
                }
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] { input.sorted() }
}
