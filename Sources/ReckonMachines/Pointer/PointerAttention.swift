import ReckonNN
import ReckonSupport
import ReckonTensor

/// Additive attention over input positions (Bahdanau et al. 2015; the pointer of Vinyals et al.
/// 2015): u_ij = vᵀ tanh(W_ref e_j + W_q d_i). Pointer Networks use these scores themselves as
/// the output logits; a glimpse uses their softmax to average the encoder states.
public final class PointerAttention: Module {
    let reference: Linear
    let query: Linear
    @Parameter var v: Tensor

    public init(hiddenSize: Int, width: Int, rng: inout RandomGenerator) {
        reference = Linear(hiddenSize, width, bias: false, rng: &rng)
        query = Linear(hiddenSize, width, rng: &rng)
        _v = Parameter(wrappedValue: Tensor.truncatedNormal([width, 1], std: 1 / Float(width).squareRoot(), rng: &rng))
        super.init()
    }

    /// W_ref e_j for encoder states [B, n, H]: computed once per input, used at every step.
    public func project(_ encoded: Tensor) -> Tensor { reference(encoded) }

    /// Scores [B, T, n] of queries [B, T, H] against projected references [B, n, A].
    public func scores(projected: Tensor, queries: Tensor) -> Tensor {
        let b = projected.shape[0]
        let n = projected.shape[1]
        let t = queries.shape[1]
        let sum = projected.expandingDims(at: 1) + query(queries).expandingDims(at: 2)
        return matmul(sum.tanh(), v).reshaped([b, t, n])
    }

    /// A glimpse (Vinyals et al. 2016, Bello et al. 2016): the encoder states [B, n, H] averaged
    /// with the softmax of the scores, [B, T, H]; `bias` [B, T, n] masks positions (or nil).
    public func glimpse(projected: Tensor, encoded: Tensor, queries: Tensor, bias: Tensor?) -> Tensor {
        var s = scores(projected: projected, queries: queries)
        if let bias { s = s + bias }
        return matmul(s.softmax(axis: -1), encoded)
    }
}
