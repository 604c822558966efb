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
    /// Shortest training length of the uniform curriculum (Vinyals et al. 2015 train hulls on
    /// n = 5...50); 1 as in the reference otherwise.
    public var minLength: Int = 1

    public init(kind: Kind, maxLength: Int, increaseEvery: Int = 1000, tau: Double = 0.9) {
        self.kind = kind
        self.maxLength = maxLength
        self.increaseEvery = increaseEvery
        self.tau = tau
    }

    enum CodingKeys: String, CodingKey { case kind, maxLength, increaseEvery, tau, minLength }

    /// Configs written before `minLength` existed trained from 1.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        maxLength = try c.decode(Int.self, forKey: .maxLength)
        increaseEvery = try c.decode(Int.self, forKey: .increaseEvery)
        tau = try c.decode(Double.self, forKey: .tau)
        minLength = try c.decodeIfPresent(Int.self, forKey: .minLength) ?? 1
    }

    /// `minLength` is written only when it is not 1, so the configs (and the sweep run ids hashed
    /// from them) of every run that trains from 1 stay as they were.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(maxLength, forKey: .maxLength)
        try c.encode(increaseEvery, forKey: .increaseEvery)
        try c.encode(tau, forKey: .tau)
        if minLength != 1 { try c.encode(minLength, forKey: .minLength) }
    }

    /// The length for training step `step`, drawn from `rng`.
    public func length(step: Int, rng: inout RandomGenerator) -> Int {
        switch kind {
        case .uniform: return rng.nextInt(in: Swift.min(minLength, maxLength)...maxLength)
        case .fixed: return maxLength
        case .regularIncrease:
            let bound = Swift.min(maxLength, 1 + step / Swift.max(1, increaseEvery))
            return 1 + rng.nextInt(below: bound)
        case .reverseExponential:
            let weights = (1...maxLength).map { integerPower(tau, $0) }
            var u = rng.nextDouble() * weights.reduce(0, +)
            for (i, w) in weights.enumerated() {
                u -= w
                if u < 0 { return i + 1 }
            }
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
