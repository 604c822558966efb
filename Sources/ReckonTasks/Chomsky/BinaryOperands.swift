import ReckonSupport

/// The input distribution binary_addition and binary_multiplication share (generator side).
///
/// Length >= 3: the first number gets n digits with n uniform in 1...L-2, the second the
/// other L-1-n; each is uniform in 1 ... 2^digits - 1 and written little-endian with exactly
/// that many digits, around the operator token. Length <= 2: one number uniform in
/// 0 ... 2^L - 2 (the reference's `randint(0, 2**L - 1)`), L digits, no operator.
enum BinaryOperands {
    case single(BigNatural)
    case pair(BigNatural, BigNatural)

    /// Draws the operands and writes the input row `input[row ..< row + length]`.
    static func sample(
        length: Int, operatorToken: Int, into input: inout [Int], at row: Int,
        rng: inout RandomGenerator
    ) -> BinaryOperands {
        if length <= 2 {
            let value = rng.nextInt(below: (1 << length) - 1)
            for t in 0..<length { input[row + t] = (value >> t) & 1 }
            return .single(BigNatural(UInt64(value)))
        }
        let firstDigits = rng.nextInt(in: 1...(length - 2))
        let secondDigits = length - 1 - firstDigits
        let first = BigNatural.randomNonZero(bitCount: firstDigits, rng: &rng)
        let second = BigNatural.randomNonZero(bitCount: secondDigits, rng: &rng)
        for t in 0..<firstDigits { input[row + t] = first.bit(t) }
        input[row + firstDigits] = operatorToken
        for t in 0..<secondDigits { input[row + firstDigits + 1 + t] = second.bit(t) }
        return .pair(first, second)
    }

    /// Writes `value` little-endian without high zeros (zero as one digit `0`), then the
    /// termination token; marks those positions in `mask`. Returns the digits written.
    @discardableResult
    static func writeResult(
        _ value: BigNatural, termination: Int, into target: inout [Int],
        mask: inout [Float], at row: Int
    ) -> Int {
        let digits = max(value.bitWidth, 1)
        for i in 0..<digits {
            target[row + i] = value.bit(i)
            mask[row + i] = 1
        }
        target[row + digits] = termination
        mask[row + digits] = 1
        return digits
    }
}
