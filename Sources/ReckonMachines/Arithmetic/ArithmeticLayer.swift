import ReckonNN
import ReckonSupport
import ReckonTensor

/// One layer of an arithmetic stack: maps x [N, in] to [N, out]; may carry a sparsity
/// regularizer and a range its weights are clipped to after each update.
open class ArithmeticLayer: Module {
    /// The layer's output for x [N, in].
    open func callAsFunction(_ x: Tensor) -> Tensor { preconditionFailure("ArithmeticLayer subclasses implement this") }

    /// stable-nalu's `regualizers['W']` of this layer (its linear shape), or nil for units without one.
    open func sparsityRegularizer() -> Tensor? { nil }

    /// Clips weights into the unit's range (stable-nalu's `optimize`, run after each optimizer step).
    open func clipWeights() {}

    /// The weight matrix the layer applies ([in, out]), for inspection and the semantics tests.
    open var effectiveWeight: Tensor { preconditionFailure("ArithmeticLayer subclasses implement this") }

    /// A unit of `kind` with its stable-nalu initialization.
    public static func make(_ kind: ArithmeticUnitKind, _ inputs: Int, _ outputs: Int,
                            rng: inout RandomGenerator) -> ArithmeticLayer {
        switch kind {
        case .nau: return NAULayer(inputs, outputs, rng: &rng)
        case .nmu: return NMULayer(inputs, outputs, rng: &rng)
        case .nac: return NACLayer(inputs, outputs, logSpace: false, rng: &rng)
        case .nacMul: return NACLayer(inputs, outputs, logSpace: true, rng: &rng)
        case .nalu: return NALULayer(inputs, outputs, rng: &rng)
        case .linear: return AffineLayer(inputs, outputs, rng: &rng)
        }
    }
}
