import ReckonSupport
import ReckonTasks

/// How training lengths are drawn at each step (the reference's experiments/curriculum.py).
public struct Curriculum: SettingGroup, Equatable {
    /// The four curricula of the reference.
    public enum Kind: String, SettingChoice {
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

    @Setting("curriculum", "how training lengths are drawn") public var kind = Kind.uniform
    @Setting(
        "train_length", "longest training length", minimum: 1, maximum: Double(maximumTaskLength),
        shownDefault: "the task's, 40 for the Chomsky suite")
    public var maxLength = 40
    @Setting("curriculum_increase_every", "regular_increase: steps between length increases", minimum: 1)
    public var increaseEvery = 1000
    @Setting("curriculum_tau", "reverse_exponential: P(length) is proportional to tau^length", above: 0)
    public var tau = 0.9
    /// Vinyals et al. 2015 train hulls on n = 5...50; 1 as in the reference otherwise. Written to
    /// config.json only when it is not 1, so configs (and sweep run ids) of runs from 1 are unchanged.
    @Setting(
        "min_train_length", "shortest training length (uniform curriculum only)", minimum: 1, recording: .whenChanged)
    public var minLength = 1

    public init() {}

    public init(kind: Kind, maxLength: Int, increaseEvery: Int = 1000, tau: Double = 0.9) {
        self.init()
        self.kind = kind
        self.maxLength = maxLength
        self.increaseEvery = increaseEvery
        self.tau = tau
    }

    public func problem() -> String? {
        if minLength > maxLength {
            return "min_train_length (\(minLength)) must be at most train_length (\(maxLength))"
        }
        if minLength != 1 && kind != .uniform {
            return "min_train_length applies to the uniform curriculum only, not \(kind.rawValue)"
        }
        // The weights tau^1 ... tau^L are summed in Double; an infinite one makes every draw NaN.
        if kind == .reverseExponential, !(integerPower(tau, maxLength) * Double(maxLength) < .infinity) {
            return "curriculum_tau \(tau) overflows tau^\(maxLength); use a tau of at most 1"
        }
        return nil
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
            return 1 + rng.index(weights: weights, total: weights.reduce(0, +))
        }
    }
}

/// Integer-exponent power without Foundation, so results are identical on every platform.
func integerPower(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent { result *= base }
    return result
}

/// config.json's `curriculum` object, read and written as its settings declare.
extension Curriculum: Codable {
    public init(from decoder: Decoder) throws { self = try Self.decodeSettings(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeSettings(to: encoder) }
}
