import ReckonTensor

/// The Neural Turing Machine's memory operations (Graves et al. 2014, §3), batched.
///
/// Shapes: memory [B, N, M], a weighting over rows [B, N], a key [B, M], scalars [B, 1].
/// Every function is differentiable in all its arguments.
public enum NTMAddressing {
    /// Added under square roots and logarithms (pytorch-ntm adds 1e-16 to memory and key).
    static let epsilon: Float = 1e-12

    /// Content focus: w_c[i] = softmax_i(β · cos(k, M[i])), cos(u, v) = u·v / (‖u‖‖v‖).
    public static func content(memory: Tensor, key: Tensor, strength beta: Tensor) -> Tensor {
        let b = memory.shape[0]
        let n = memory.shape[1]
        let dot = matmul(memory, key.expandingDims(at: 2)).reshaped([b, n])
        let rowNorm = (memory.squared().sum(axis: 2) + epsilon).sqrt()
        let keyNorm = (key.squared().sum(axis: 1, keepDims: true) + epsilon).sqrt()
        return (beta * dot / (rowNorm * keyNorm)).softmax(axis: 1)
    }

    /// Interpolation: w_g = g · w_c + (1 − g) · w_{t−1}.
    public static func interpolate(content: Tensor, previous: Tensor, gate g: Tensor) -> Tensor {
        g * content + (1 - g) * previous
    }

    /// Rotation by the shift distribution s [B, S] (S odd, entry j = offset j − (S−1)/2):
    /// w̃[i] = Σ_j w_g[(i − offset_j) mod N] s[j]; a one-hot s at +1 moves weight to i + 1.
    public static func shift(_ w: Tensor, by s: Tensor) -> Tensor { circularConvolution(w, s) }

    /// Sharpening: w[i] = w̃[i]^γ / Σ_j w̃[j]^γ with γ ≥ 1 ([B, 1]), computed as exp(γ log w̃).
    public static func sharpen(_ w: Tensor, gamma: Tensor) -> Tensor {
        let powered = (gamma * (w + epsilon).log()).exp()
        return powered / (powered.sum(axis: 1, keepDims: true) + epsilon)
    }

    /// The full address: content, interpolation, shift, sharpening.
    public static func address(
        memory: Tensor, key: Tensor, strength: Tensor, gate: Tensor, shift s: Tensor,
        gamma: Tensor, previous: Tensor
    ) -> Tensor {
        let wc = content(memory: memory, key: key, strength: strength)
        return sharpen(shift(interpolate(content: wc, previous: previous, gate: gate), by: s), gamma: gamma)
    }

    /// Read: r = Σ_i w[i] M[i] ([B, M]).
    public static func read(memory: Tensor, weighting w: Tensor) -> Tensor {
        let b = memory.shape[0]
        let m = memory.shape[2]
        return matmul(w.expandingDims(at: 1), memory).reshaped([b, m])
    }

    /// Write, erase then add: M'[i] = M[i] ⊙ (1 − w[i] e) + w[i] a, with e ∈ [0, 1]^M.
    public static func write(memory: Tensor, weighting w: Tensor, erase e: Tensor, add a: Tensor) -> Tensor {
        memory * (1 - outer(w, e)) + outer(w, a)
    }
}
