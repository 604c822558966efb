import ReckonSupport

/// fan_copy (Fan et al. 2025; released code's task `copy`): n uniform bits; the target is the same n
/// bits in the same order.
///
/// The paper's row is `b1 ... bn = pad ...` with the copy read from `=` on; Reckon's readout
/// appends the n blank answer positions itself, so the input is the bits and the target the n
/// bits. The paper's trailing EOS targets only fill its fixed-length row, so they are left out.
/// T(n) = n loop iterations.
public struct FanCopy: AlgorithmicTask {
    public init() {}
    public var name: String { "fan_copy" }
    public var level: TaskLevel { .adaptive }
    public var summary: String { "the n input bits again, Fan et al. 2025's format (T(n) = n)" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "n = bits, any n >= 1" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }
    /// The paper's metric is exact match of the whole answer.
    public var reportsExactMatch: Bool { true }
    /// The released code's curriculum ends at c = 20, so n ≤ 19.
    public var defaultTrainLength: Int { 19 }
    /// Looped models run n iterations over n + n positions, so long evaluations are expensive.
    public var defaultEvalMaxLength: Int { 50 }

    public func outputLength(forInputLength length: Int) -> Int { length }
    /// The released code supervises the output after n applications of the block (`train.py`).
    public func iterations(forLength length: Int) -> Int? { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var bits = RandomBits()
        for i in input.indices { input[i] = bits.next(&rng) }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .tokens(input), target: .tokens(input))
    }

    /// The bits, read back one by one.
    public func solve(_ input: [Int]) -> [Int] {
        input.map { $0 == 1 ? 1 : 0 }
    }
}
