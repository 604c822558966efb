import ReckonSupport
import ReckonTensor

/// An LSTM layer as Haiku's `hk.LSTM` (gates [i, g, f, o], forget-gate bias +1), run over a
/// whole sequence by the fused `lstmSequence` op.
///
/// Haiku computes the gates with one linear map of [x, h] (fan-in I + H); Wx and Wh here are
/// the two row blocks of that matrix, initialized with the same std 1/√(I + H).
public final class LSTM: Module {
    @Parameter public var inputWeight: Tensor
    @Parameter public var recurrentWeight: Tensor
    @Parameter public var bias: Tensor
    public let inputSize: Int, hiddenSize: Int

    public init(inputSize: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        let std = 1 / Float(inputSize + hiddenSize).squareRoot()
        _inputWeight = Parameter(
            wrappedValue: Tensor.truncatedNormal([inputSize, 4 * hiddenSize], std: std, rng: &rng))
        _recurrentWeight = Parameter(
            wrappedValue: Tensor.truncatedNormal([hiddenSize, 4 * hiddenSize], std: std, rng: &rng))
        _bias = Parameter(wrappedValue: Tensor.zeros([4 * hiddenSize]))
        super.init()
    }

    /// All hidden states [B, T, H] for inputs [B, T, I], starting from zero state.
    public func callAsFunction(_ x: Tensor) -> Tensor { sequence(x).hs }

    /// All hidden states [B, T, H] and the last cell state [B, H], from state (h0, c0) (zeros when nil).
    public func sequence(_ x: Tensor, h0: Tensor? = nil, c0: Tensor? = nil) -> (hs: Tensor, c: Tensor) {
        let zeros = h0 == nil || c0 == nil ? Tensor.zeros([x.shape[0], hiddenSize]) : nil
        return lstmSequence(
            x: x, h0: h0 ?? zeros!, c0: c0 ?? zeros!, wx: inputWeight, wh: recurrentWeight, b: bias)
    }

    /// An encoder's run from zero state: every hidden state [B, T, H] and the final (h, c), [B, H]
    /// each, that starts a decoder.
    public func encode(_ x: Tensor) -> (states: Tensor, h: Tensor, c: Tensor) {
        let run = sequence(x)
        let n = x.shape[1]
        return (run.hs, run.hs.slice(axis: 1, (n - 1)..<n).reshaped([x.shape[0], hiddenSize]), run.c)
    }

    /// One step from state (h, c), for machines that interleave the LSTM with other reads.
    public func step(_ x: Tensor, h: Tensor, c: Tensor) -> (h: Tensor, c: Tensor) {
        lstmCell(x: x, h: h, c: c, wx: inputWeight, wh: recurrentWeight, b: bias)
    }
}
