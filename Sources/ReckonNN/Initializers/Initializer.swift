import ReckonSupport
import ReckonTensor

/// How a parameter's first value is drawn.
public enum Initializer {
    /// Haiku's default for `hk.Linear`: truncated normal with std 1/√fanIn.
    case lecunTruncatedNormal
    /// Truncated normal (±2σ, rescaled as Haiku's `TruncatedNormal`) with the given std.
    case truncatedNormal(std: Float)
    /// Normal with the given std.
    case normal(std: Float)
    /// Uniform in [−limit, limit].
    case uniform(limit: Float)
    /// Glorot/Xavier uniform: limit √(6 / (fanIn + fanOut)).
    case glorotUniform
    /// A constant.
    case constant(Float)

    /// A tensor of `shape`, whose first axis is the fan-in and last axis the fan-out.
    public func make(_ shape: [Int], rng: inout RandomGenerator) -> Tensor {
        let fanIn = shape.count >= 2 ? shape.dropLast().reduce(1, *) : (shape.first ?? 1)
        let fanOut = shape.last ?? 1
        switch self {
        case .lecunTruncatedNormal:
            return Tensor.truncatedNormal(shape, std: 1 / Float(fanIn).squareRoot(), rng: &rng)
        case .truncatedNormal(let std): return Tensor.truncatedNormal(shape, std: std, rng: &rng)
        case .normal(let std): return Tensor.normal(shape, std: std, rng: &rng)
        case .uniform(let limit): return Tensor.uniform(shape, low: -limit, high: limit, rng: &rng)
        case .glorotUniform:
            let limit = (6 / Float(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape, low: -limit, high: limit, rng: &rng)
        case .constant(let v): return Tensor.full(shape, v)
        }
    }
}
