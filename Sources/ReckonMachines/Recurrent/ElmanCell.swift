import ReckonNN
import ReckonSupport
import ReckonTensor

/// Haiku's `hk.VanillaRNN` cell: h' = tanh(x·Wx + bx + h·Wh + bh) (both maps carry a bias).
public final class ElmanCell: Module {
    let inputToHidden: Linear
    let hiddenToHidden: Linear
    public let hiddenSize: Int

    public init(inputSize: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.hiddenSize = hiddenSize
        inputToHidden = Linear(inputSize, hiddenSize, rng: &rng)
        hiddenToHidden = Linear(hiddenSize, hiddenSize, rng: &rng)
        super.init()
    }

    /// The input projections of every step at once ([B, T, H]), so the loop only does h·Wh.
    public func project(_ x: Tensor) -> Tensor { inputToHidden(x) }

    /// One step given the already projected input.
    public func step(projected: Tensor, h: Tensor) -> Tensor { (projected + hiddenToHidden(h)).tanh() }

    /// One step from a raw input.
    public func step(_ x: Tensor, h: Tensor) -> Tensor { step(projected: inputToHidden(x), h: h) }
}
