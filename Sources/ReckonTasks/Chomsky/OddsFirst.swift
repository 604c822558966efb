import ReckonSupport

/// odds_first: the symbols at odd (0-based) positions, then those at even positions.
///
/// This is what the reference's code computes (`concat(s[1::2], s[::2])`); its docstring
/// describes the 1-based reading (`s_1 s_3 ... s_2 s_4 ...`), which is the other order.
public struct OddsFirst: AlgorithmicTask {
    public init() {}
    public var name: String { "odds_first" }
    public var level: TaskLevel { .contextSensitive }
    public var summary: String { "symbols at odd 0-based positions, then those at even positions" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "any length >= 1" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * length)
        let odds = length / 2
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * length
            for t in 0..<length {
                let bit = bits.next(&rng)
                input[row + t] = bit
                // Odd t goes to slot t/2 of the first part, even t to slot t/2 after the odds.
                target[row + (t % 2 == 1 ? t / 2 : odds + t / 2)] = bit
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        let odd = stride(from: 1, to: input.count, by: 2).map { input[$0] }
        let even = stride(from: 0, to: input.count, by: 2).map { input[$0] }
        return odd + even
    }
}
