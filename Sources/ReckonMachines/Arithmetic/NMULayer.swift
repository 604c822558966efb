import ReckonNN
import ReckonSupport
import ReckonTensor

/// Neural multiplication unit (Madsen & Johansen 2020; stable-nalu `ReRegualizedLinearMNACLayer`):
/// z_j = Π_i (W_ij · x_i + 1 − W_ij), with W clipped to [0, 1] after every update.
public final class NMULayer: ArithmeticLayer {
    @Parameter public var weight: Tensor

    /// W ~ U[0.25, 0.75]: 0.5 ± min(0.25, √3 · √0.25) (stable-nalu `reset_parameters`).
    public init(_ inputs: Int, _ outputs: Int, rng: inout RandomGenerator) {
        _weight = Parameter(wrappedValue: Tensor.uniform([inputs, outputs], low: 0.25, high: 0.75, rng: &rng))
        super.init()
    }

    /// The raw weight, as stable-nalu's forward with `nac_oob='clip'` (clipping happens after the update).
    public override func callAsFunction(_ x: Tensor) -> Tensor {
        let (n, inputs, outputs) = (x.shape[0], weight.shape[0], weight.shape[1])
        let w = weight.reshaped([1, inputs, outputs])
        let factors = x.reshaped([n, inputs, 1]) * w + (1 - w)
        // The product over inputs as the last entry of a running product (the engine's cumulativeProduct).
        return factors.cumulativeProduct(axis: 1).slice(axis: 1, inputs - 1 ..< inputs).reshaped([n, outputs])
    }

    /// mean(min(|W|, |1 − W|)): zero exactly when every weight is 0 or 1.
    public override func sparsityRegularizer() -> Tensor? {
        minimum(weight.abs(), (1 - weight).abs()).mean()
    }

    public override func clipWeights() { weight = weight.detached.clamp(min: 0, max: 1).requiringGradient() }

    public override var effectiveWeight: Tensor { weight.detached }
}
