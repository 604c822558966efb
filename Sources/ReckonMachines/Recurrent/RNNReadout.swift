import ReckonNN
import ReckonSupport
import ReckonTensor

/// The reference's `make_rnn` head: ReLU of the core's outputs, then a linear map to logits.
public final class RNNHead: Module {
    let linear: Linear
    public init(_ features: Int, _ outputs: Int, rng: inout RandomGenerator) {
        linear = Linear(features, outputs, rng: &rng)
        super.init()
    }
    public func callAsFunction(_ h: Tensor) -> Tensor { linear(h.relu()) }
}
