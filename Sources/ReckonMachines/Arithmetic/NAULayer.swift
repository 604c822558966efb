import ReckonNN
import ReckonSupport
import ReckonTensor

/// Neural addition unit (Madsen & Johansen 2020; stable-nalu `ReRegualizedLinearNACLayer`):
/// z = x · clamp(W, −1, 1), with W clipped to [−1, 1] after every update.
public final class NAULayer: ArithmeticLayer {
    @Parameter public var weight: Tensor

    /// W ~ U[−r, r] with r = min(0.5, √3 · √(2 / (in + out))) (stable-nalu `reset_parameters`).
    public init(_ inputs: Int, _ outputs: Int, rng: inout RandomGenerator) {
        let r = Swift.min(0.5, (3.0).squareRoot() * (2.0 / Double(inputs + outputs)).squareRoot())
        _weight = Parameter(wrappedValue: Tensor.uniform([inputs, outputs], low: Float(-r), high: Float(r), rng: &rng))
        super.init()
    }

    public override func callAsFunction(_ x: Tensor) -> Tensor { matmul(x, weight.clamp(min: -1, max: 1)) }

    /// mean(min(|W|, |1 − |W||)): zero exactly when every weight is −1, 0 or 1.
    public override func sparsityRegularizer() -> Tensor? {
        let magnitude = weight.abs()
        return minimum(magnitude, (1 - magnitude).abs()).mean()
    }

    public override func clipWeights() { weight = weight.detached.clamp(min: -1, max: 1).requiringGradient() }

    public override var effectiveWeight: Tensor { weight.detached.clamp(min: -1, max: 1) }
}
