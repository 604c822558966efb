import ReckonSupport

/// fan_addition (Fan et al. 2025; released code's task `addition`): two n-bit binary numbers,
/// most significant bit first, each bit uniform (so leading zeros occur); the target is their
/// n + 1-bit sum, most significant bit first, the leading carry always written (0 or 1).
///
/// The paper's row is `a1 ... an + b1 ... bn = pad ...` with the sum read from `=` on; Reckon's
/// readout appends the n + 1 blank answer positions itself, so the input ends at the last bit of
/// b. The answer has the same length for every input of length n, so no EOS follows it.
/// T(n) is the `iterations_rule` setting (`FanAdditionIterations`).
public struct FanAddition: ConfigurableTask {
    /// The settings of `fan_addition`.
    public struct Settings: SettingGroup {
        @Setting("iterations_rule", "loop iterations T(n): n (the released code) or n_plus_1 (the paper's program)")
        public var iterationsRule = FanAdditionIterations.n

        public init() {}
    }

    public var settings = Settings()

    static let plus = 2

    public init() {}

    public var name: String { "fan_addition" }
    public var level: TaskLevel { .adaptive }
    public var summary: String {
        "a + b of two n-bit numbers, MSB first, as n + 1 bits MSB first (Fan et al. 2025)"
    }
    public var outputLengthRule: String { "L + 1" }
    public var lengthNote: String { "n = bits per operand, any n >= 1; the input has 2n + 1 tokens" }
    public var inputSymbols: [String] { ["0", "1", "+"] }
    public var outputSymbols: [String] { ["0", "1"] }
    /// The paper's metric is exact match of the whole answer.
    public var reportsExactMatch: Bool { true }
    /// The released code's curriculum ends at c = 20, so n ≤ 19.
    public var defaultTrainLength: Int { 19 }
    /// Looped models run about n iterations over 3n + 2 positions, so long evaluations are expensive.
    public var defaultEvalMaxLength: Int { 50 }

    public func inputLength(forLength length: Int) -> Int { 2 * length + 1 }
    public func outputLength(forInputLength length: Int) -> Int { (length + 1) / 2 }

    public func iterations(forLength length: Int) -> Int? {
        settings.iterationsRule == .n ? length : length + 1
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let inLength = 2 * length + 1
        let outLength = length + 1
        var input = [Int](repeating: 0, count: batchSize * inLength)
        var target = [Int](repeating: 0, count: batchSize * outLength)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * inLength
            for t in 0..<length {
                input[row + t] = bits.next(&rng)
                input[row + length + 1 + t] = bits.next(&rng)
            }
            input[row + length] = Self.plus
            // Ripple-carry from the last (least significant) column; answer position t + 1 holds column t.
            var carry = 0
            for t in stride(from: length - 1, through: 0, by: -1) {
                let s = input[row + t] + input[row + length + 1 + t] + carry
                target[b * outLength + t + 1] = s & 1
                carry = s >> 1
            }
            target[b * outLength] = carry
        }
        return Batch(
            batchSize: batchSize, inputLength: inLength, outputLength: outLength,
            input: .tokens(input), target: .tokens(target))
    }

    /// The operands read as numbers, added, and written back as n + 1 bits, MSB first.
    public func solve(_ input: [Int]) -> [Int] {
        let operands = input.split(separator: Self.plus, omittingEmptySubsequences: false)
        precondition(operands.count == 2 && operands[0].count == operands[1].count, "a + b, both n bits")
        let sum =
            BigNatural(littleEndianBits: Array(operands[0].reversed()))
            + BigNatural(littleEndianBits: Array(operands[1].reversed()))
        let n = operands[0].count
        return (0...n).reversed().map { sum.bit($0) }
    }
}
