import ReckonNN
import ReckonSupport
import ReckonTensor

/// A depthwise causal convolution over time (Mamba's `conv1d`, fla's `ShortConvolution`):
/// y_t[c] = Σ_j w[j, c] · x_{t−K+1+j}[c] (+ b[c]), with zeros before the sequence.
final class ShortConvolution: Module {
    @Parameter var weight: Tensor
    let bias: Parameter?
    let size: Int

    init(channels: Int, size: Int, bias: Bool, rng: inout RandomGenerator) {
        self.size = size
        // PyTorch's Conv1d default: uniform ±1/sqrt(fan_in), fan_in = kernel size for a depthwise conv.
        let limit = 1 / Float(size).squareRoot()
        _weight = Parameter(wrappedValue: Tensor.uniform([size, channels], low: -limit, high: limit, rng: &rng))
        self.bias =
            bias ? Parameter(wrappedValue: Tensor.uniform([channels], low: -limit, high: limit, rng: &rng)) : nil
        super.init()
    }

    /// x [B, T, C] → [B, T, C].
    func callAsFunction(_ x: Tensor) -> Tensor {
        let steps = x.shape[1]
        let padded = x.padded(axis: 1, before: size - 1, after: 0)
        let taps = weight.split(parts: size, axis: 0)
        var y = padded.slice(axis: 1, 0..<steps) * taps[0]
        for j in 1..<size { y = y + padded.slice(axis: 1, j..<(j + steps)) * taps[j] }
        if let bias { y = y + bias.wrappedValue }
        return y
    }
}

extension Tensor {
    /// x · σ(x), the SiLU (swish) of Mamba and fla.
    func silu() -> Tensor { self * sigmoid() }
}
