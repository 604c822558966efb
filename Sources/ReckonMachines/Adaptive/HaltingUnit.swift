import ReckonNN
import ReckonSupport
import ReckonTensor

/// ACT's halting unit h = σ(s·W_h + b_h), one probability per state row.
///
/// Its bias starts at 1: Graves 2016 §3 ("the initial halting bias b_h was set to 1") and t2t's
/// `act_halting_bias_init` = 1.0, so that early in training an item halts after about two steps
/// (σ(1) ≈ 0.73) instead of pondering to the cap.
final class HaltingUnit: Module {
    @Parameter var weight: Tensor
    @Parameter var bias: Tensor

    init(_ features: Int, rng: inout RandomGenerator) {
        _weight = Parameter(wrappedValue: Initializer.lecunTruncatedNormal.make([features, 1], rng: &rng))
        _bias = Parameter(wrappedValue: Tensor.ones([1]))
        super.init()
    }

    /// Halting probabilities [..., 1] for states [..., features].
    func callAsFunction(_ s: Tensor) -> Tensor { (matmul(s, weight) + bias).sigmoid() }
}
