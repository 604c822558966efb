import ReckonSupport
import ReckonTensor

/// How training lengths are drawn at each step (the reference's experiments/curriculum.py).
public struct Curriculum: Codable, Equatable, Sendable {
    /// The four curricula of the reference.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Uniform over 1...maxLength (the protocol's default).
        case uniform
        /// Always maxLength.
        case fixed
        /// Starts at 1, +1 every `increaseEvery` steps up to maxLength; a length up to the current
        /// bound is drawn uniformly (the reference's `sample_all_length=True`).
        case regularIncrease = "regular_increase"
        /// P(length) ∝ tau^length over 1...maxLength (tau < 1 favors short inputs).
        case reverseExponential = "reverse_exponential"
    }

    public var kind: Kind
    public var maxLength: Int
    public var increaseEvery: Int
    public var tau: Double

    public init(kind: Kind, maxLength: Int, increaseEvery: Int = 1000, tau: Double = 0.9) {
        self.kind = kind; self.maxLength = maxLength; self.increaseEvery = increaseEvery; self.tau = tau
    }

    /// The length for training step `step`, drawn from `rng`.
    public func length(step: Int, rng: inout RandomGenerator) -> Int {
        switch kind {
        case .uniform: return rng.nextInt(in: 1...maxLength)
        case .fixed: return maxLength
        case .regularIncrease:
            let bound = Swift.min(maxLength, 1 + step / Swift.max(1, increaseEvery))
            return 1 + rng.nextInt(below: bound)
        case .reverseExponential:
            let weights = (1...maxLength).map { integerPower(tau, $0) }
            var u = rng.nextDouble() * weights.reduce(0, +)
            for (i, w) in weights.enumerated() { u -= w; if u < 0 { return i + 1 } }
            return maxLength
        }
    }
}

/// Integer-exponent power without Foundation, so results are identical on every platform.
func integerPower(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent { result *= base }
    return result
}
