import ReckonSupport

/// fan_multiplication (Fan et al. 2025; released code's task `multi`): an m-bit number times an
/// n-bit number, both most significant bit first with uniform bits; the target is the m + n-bit
/// product, least significant bit first (reversed, as the paper writes it).
///
/// The paper's row is `a1 ... am × b1 ... bn = pad ...` with the product read from `=` on; Reckon's
/// readout appends the m + n blank answer positions itself, so the input ends at the last bit of
/// b. m is the `multiplier_bits` setting: the released code trains on m uniform in {1, 2} and tests
/// on m = 2, but T(n) = n·m must be one number per batch here, so a run fixes m (default 2, the
/// test's). Length n is the bits of the second operand.
public struct FanMultiplication: ConfigurableTask {
    /// The settings of `fan_multiplication`.
    public struct Settings: SettingGroup {
        @Setting("multiplier_bits", "bits m of the first operand (the paper's 1 or 2)", minimum: 1, maximum: 2)
        public var multiplierBits = 2

        public init() {}
    }

    public var settings = Settings()
    /// Bits of the first operand.
    public var multiplierBits: Int { settings.multiplierBits }

    static let times = 2

    public init() {}

    public var name: String { "fan_multiplication" }
    public var level: TaskLevel { .adaptive }
    public var summary: String {
        "a * b for an m-bit a and n-bit b, MSB first, as m + n bits LSB first (Fan et al. 2025)"
    }
    public var outputLengthRule: String { "L + \(multiplierBits)" }
    public var lengthNote: String {
        "n = bits of the second operand, any n >= 1; the input has m + n + 1 tokens (m = multiplier_bits, "
            + "\(multiplierBits))"
    }
    public var inputSymbols: [String] { ["0", "1", "*"] }
    public var outputSymbols: [String] { ["0", "1"] }
    /// The paper's metric is exact match of the whole answer.
    public var reportsExactMatch: Bool { true }
    /// The released code's curriculum ends at c = 12, so n ≤ 11.
    public var defaultTrainLength: Int { 11 }
    /// Looped models run n·m iterations, so long evaluations are expensive.
    public var defaultEvalMaxLength: Int { 50 }

    public func inputLength(forLength length: Int) -> Int { multiplierBits + 1 + length }
    public func outputLength(forInputLength length: Int) -> Int { Swift.max(length - 1, 0) }
    /// The released code supervises the output after n·m applications of the block (`train.py`).
    public func iterations(forLength length: Int) -> Int? { length * multiplierBits }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let m = multiplierBits
        let inLength = m + 1 + length
        let outLength = m + length
        var input = [Int](repeating: 0, count: batchSize * inLength)
        var target = [Int](repeating: 0, count: batchSize * outLength)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * inLength
            for t in 0..<inLength where t != m { input[row + t] = bits.next(&rng) }
            input[row + m] = Self.times
            // Shift-and-add: for each set bit of a, add b shifted by its place into LSB-first columns.
            var columns = [Int](repeating: 0, count: outLength)
            for i in 0..<m where input[row + m - 1 - i] == 1 {
                for j in 0..<length { columns[i + j] += input[row + inLength - 1 - j] }
            }
            var carry = 0
            for k in 0..<outLength {
                let s = columns[k] + carry
                target[b * outLength + k] = s & 1
                carry = s >> 1
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: inLength, outputLength: outLength,
            input: .tokens(input), target: .tokens(target))
    }

    /// The operands read as numbers, multiplied, and written back as m + n bits, LSB first.
    public func solve(_ input: [Int]) -> [Int] {
        let operands = input.split(separator: Self.times, omittingEmptySubsequences: false)
        precondition(operands.count == 2, "a * b")
        let product =
            BigNatural(littleEndianBits: Array(operands[0].reversed()))
            * BigNatural(littleEndianBits: Array(operands[1].reversed()))
        return (0..<(operands[0].count + operands[1].count)).map { product.bit($0) }
    }
}
