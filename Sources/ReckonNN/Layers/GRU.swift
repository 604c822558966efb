import ReckonSupport
import ReckonTensor

/// A GRU layer as Haiku's `hk.GRU`: weights [z | r | a] by columns, a = tanh(x·Wx_a + (r ⊙ h)·Wh_a
/// + b_a), h' = (1 − z) ⊙ h + z ⊙ a, run one fused `gruCell` step at a time.
///
/// Initialization as Haiku's: `VarianceScaling()` (truncated normal, std 1/√fan-in with the
/// truncation corrected, which `Tensor.truncatedNormal` does) for both weights, zero bias.
public final class GRU: Module {
    @Parameter public var inputWeight: Tensor
    @Parameter public var recurrentWeight: Tensor
    @Parameter public var bias: Tensor
    public let inputSize: Int, hiddenSize: Int

    public init(inputSize: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        _inputWeight = Parameter(
            wrappedValue: Tensor.truncatedNormal(
                [inputSize, 3 * hiddenSize], std: 1 / Float(inputSize).squareRoot(), rng: &rng))
        _recurrentWeight = Parameter(
            wrappedValue: Tensor.truncatedNormal(
                [hiddenSize, 3 * hiddenSize], std: 1 / Float(hiddenSize).squareRoot(), rng: &rng))
        _bias = Parameter(wrappedValue: Tensor.zeros([3 * hiddenSize]))
        super.init()
    }

    /// One step: the next hidden state [B, H] for inputs [B, I] and state h [B, H].
    public func step(_ x: Tensor, h: Tensor) -> Tensor {
        gruCell(x: x, h: h, wx: inputWeight, wh: recurrentWeight, b: bias)
    }

    /// All hidden states [B, T, H] for inputs [B, T, I], from zero state.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let batch = x.shape[0]
        let steps = x.shape[1]
        // One split op for all steps: slicing per step would give each step a backward pass the
        // size of the whole sequence.
        let inputs = x.split(parts: steps, axis: 1)
        var h = Tensor.zeros([batch, hiddenSize])
        var states: [Tensor] = []
        states.reserveCapacity(steps)
        for t in 0..<steps {
            h = step(inputs[t].reshaped([batch, inputSize]), h: h)
            states.append(h)
        }
        return stack(states, axis: 1)
    }
}
