import ReckonNN
import ReckonSupport
import ReckonTensor

/// A pre-LayerNorm Transformer block (multi-head self-attention, GELU MLP), kept here so
/// the TTM does not depend on the Transformer folder's internals.
public final class TTMBlock: Module {
    let norm1: LayerNorm, norm2: LayerNorm
    let query: Linear, key: Linear, value: Linear, projection: Linear
    let up: Linear, down: Linear
    let heads: Int

    public init(width: Int, heads: Int, rng: inout RandomGenerator) {
        precondition(width % heads == 0, "width must be a multiple of heads")
        self.heads = heads
        norm1 = LayerNorm(width)
        norm2 = LayerNorm(width)
        query = Linear(width, width, rng: &rng)
        key = Linear(width, width, rng: &rng)
        value = Linear(width, width, rng: &rng)
        projection = Linear(width, width, rng: &rng)
        up = Linear(width, 2 * width, rng: &rng)
        down = Linear(2 * width, width, rng: &rng)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let b = x.shape[0]
        let n = x.shape[1]
        let d = x.shape[2]
        let dh = d / heads
        func split(_ t: Tensor) -> Tensor {
            t.reshaped([b, n, heads, dh]).permuted([0, 2, 1, 3]).reshaped([b * heads, n, dh])
        }
        let h = norm1(x)
        let q = split(query(h))
        let k = split(key(h))
        let v = split(value(h))
        let attention = (matmul(q, k, transposeB: true) * (1 / Float(dh).squareRoot())).softmax(axis: 2)
        let mixed = matmul(attention, v).reshaped([b, heads, n, dh]).permuted([0, 2, 1, 3]).reshaped([b, n, d])
        let y = x + projection(mixed)
        return y + down(up(norm2(y)).gelu())
    }
}
