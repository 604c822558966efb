import ReckonSupport

/// fan_binary_sum (Fan et al. 2025; released code's task `sum_reverse`): n uniform bits; the target
/// is the number of 1s in binary, least significant bit first, as many bits as the count has (none
/// for a count of 0), then `eos` up to the output length.
///
/// The paper's row is `b1 ... bn = pad ...` with the count read from `=` on, and its loss and
/// exact match cover the EOS positions after the count too; Reckon's readout appends the blank
/// answer positions itself, as many as the longest count needs: bitlen(n), the bits of n. Every
/// position is in the mask, as in the paper. T(n) = n loop iterations.
public struct FanBinarySum: AlgorithmicTask {
    static let eos = 2

    public init() {}
    public var name: String { "fan_binary_sum" }
    public var level: TaskLevel { .adaptive }
    public var summary: String {
        "the number of 1s among n bits in binary, LSB first, then eos padding (Fan et al. 2025)"
    }
    public var outputLengthRule: String { "bitlen(L)" }
    public var lengthNote: String { "n = bits, any n >= 1; the output has bitlen(n) positions (3 for n = 4...7)" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1", "eos"] }
    /// The paper's metric is exact match of the whole answer.
    public var reportsExactMatch: Bool { true }
    /// The released code's curriculum ends at c = 20, so n ≤ 19.
    public var defaultTrainLength: Int { 19 }
    /// Looped models run n iterations over n + bitlen(n) positions, so long evaluations are expensive.
    public var defaultEvalMaxLength: Int { 50 }

    public func outputLength(forInputLength length: Int) -> Int { Int.bitWidth - length.leadingZeroBitCount }
    /// The released code supervises the output after n applications of the block (`train.py`).
    public func iterations(forLength length: Int) -> Int? { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let outLength = outputLength(forInputLength: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: Self.eos, count: batchSize * outLength)
        var bits = RandomBits()
        for b in 0..<batchSize {
            var count = 0
            for t in 0..<length {
                let bit = bits.next(&rng)
                input[b * length + t] = bit
                count += bit
            }
            var k = 0
            while count > 0 {
                target[b * outLength + k] = count & 1
                count >>= 1
                k += 1
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: outLength,
            input: .tokens(input), target: .tokens(target))
    }

    /// The count's binary digits as text, reversed, then `eos` up to bitlen(n).
    public func solve(_ input: [Int]) -> [Int] {
        let count = input.filter { $0 == 1 }.count
        let digits = count == 0 ? [] : String(count, radix: 2).reversed().map { $0 == "1" ? 1 : 0 }
        let width = String(input.count, radix: 2).count
        return digits + [Int](repeating: Self.eos, count: width - digits.count)
    }
}
