import ReckonNN
import ReckonSupport
import ReckonTensor

/// One block of `grok_transformer`: residual attention, then a residual ReLU MLP, as the
/// reference's `TransformerBlock` (transformers.py of Nanda et al.'s progress-measures-paper), or
/// pre-LN with `layer_norm`. Bias-free W_Q, W_K, W_V and W_O; W_in and W_out with biases.
///
/// Weights are stored so that `x·W` applies them: W_Q is [d_model, heads·d_head] with column
/// h·d_head + i the reference's W_Q[h, i, :], W_O is [heads·d_head, d_model] (the reference's
/// transposed), W_in [d_model, d_mlp], W_out [d_mlp, d_model]. Every weight is drawn as the
/// reference draws it, N(0, 1)/√d_model (W_out too: the reference divides by √d_model, not √d_mlp).
final class GrokTransformerBlock: Module {
    @Parameter var query: Tensor
    @Parameter var key: Tensor
    @Parameter var value: Tensor
    @Parameter var output: Tensor
    @Parameter var mlpIn: Tensor
    @Parameter var mlpInBias: Tensor
    @Parameter var mlpOut: Tensor
    @Parameter var mlpOutBias: Tensor
    let attentionNorm: LayerNorm?
    let mlpNorm: LayerNorm?
    let heads: Int
    let headWidth: Int

    init(width: Int, heads: Int, mlpWidth: Int, layerNorm: Bool, rng: inout RandomGenerator) {
        self.heads = heads
        headWidth = width / heads
        let inner = heads * headWidth
        let std = 1 / Float(width).squareRoot()
        // In the reference's order (W_K, W_Q, W_V, W_O, W_in, W_out); the draws are ours, not torch's.
        let k = Tensor.normal([width, inner], std: std, rng: &rng)
        let q = Tensor.normal([width, inner], std: std, rng: &rng)
        let v = Tensor.normal([width, inner], std: std, rng: &rng)
        _key = Parameter(wrappedValue: k)
        _query = Parameter(wrappedValue: q)
        _value = Parameter(wrappedValue: v)
        _output = Parameter(wrappedValue: Tensor.normal([inner, width], std: std, rng: &rng))
        _mlpIn = Parameter(wrappedValue: Tensor.normal([width, mlpWidth], std: std, rng: &rng))
        _mlpInBias = Parameter(wrappedValue: Tensor.zeros([mlpWidth]))
        _mlpOut = Parameter(wrappedValue: Tensor.normal([mlpWidth, width], std: std, rng: &rng))
        _mlpOutBias = Parameter(wrappedValue: Tensor.zeros([width]))
        attentionNorm = layerNorm ? LayerNorm(width) : nil
        mlpNorm = layerNorm ? LayerNorm(width) : nil
        super.init()
    }

    /// The residual stream [B, T, D] after this block at its last `queries` positions
    /// ([B, queries, D]). Keys and values come from every position; queries, the attention's
    /// output, the MLP and the residual only from the last `queries` ones, so a block whose
    /// output is read at one position does a third of the MLP's work for T = 3.
    func callAsFunction(_ x: Tensor, queries n: Int) -> Tensor {
        let length = x.shape[1]
        precondition(n >= 1 && n <= length, "a block answers at 1 ... \(length) positions, not \(n)")
        let h = attentionNorm.map { $0(x) } ?? x
        let last = { (t: Tensor) in n == length ? t : t.slice(axis: 1, length - n..<length) }
        return finish(
            residual: last(x), queries: matmul(last(h), query), keys: matmul(h, key), values: matmul(h, value))
    }

    /// The first block without LayerNorm, on token ids [B·T] with embedding table W_E and
    /// position rows W_pos [T, D]: q, k and v are linear in the stream W_E[x_t] + W_pos[t], so
    /// they are looked up in W_E·W and W_pos·W ([inputSize or T, D]) instead of multiplying the
    /// [B·T, D] stream. Why: that removes the three largest products of Nanda et al.'s model
    /// (3 830 × 3 rows of 128 × 128 each, and their gradients). Same function, rounded differently.
    func callAsFunction(
        ids: [Int], batch: Int, tokenTable: Tensor, positionTable: Tensor, queries n: Int
    ) -> Tensor {
        precondition(attentionNorm == nil, "the lookup is linear only without LayerNorm")
        let length = positionTable.shape[0]
        precondition(n >= 1 && n <= length, "a block answers at 1 ... \(length) positions, not \(n)")
        let lastIDs =
            n == length ? ids : (0..<batch).flatMap { b in ids[b * length + length - n..<(b + 1) * length] }
        let lastPositions = n == length ? positionTable : positionTable.slice(axis: 0, length - n..<length)
        func stream(_ table: Tensor, _ rows: Tensor, _ ids: [Int], count: Int) -> Tensor {
            embedding(table, ids: ids, idShape: [batch, count]) + rows
        }
        return finish(
            residual: stream(tokenTable, lastPositions, lastIDs, count: n),
            queries: stream(matmul(tokenTable, query), matmul(lastPositions, query), lastIDs, count: n),
            keys: stream(matmul(tokenTable, key), matmul(positionTable, key), ids, count: length),
            values: stream(matmul(tokenTable, value), matmul(positionTable, value), ids, count: length))
    }

    /// Attention of `queries` [B, n, H·d] over `keys` and `values` [B, T, H·d] (the last n of T
    /// positions, causal), added to `residual` [B, n, D], then the residual MLP.
    private func finish(residual: Tensor, queries: Tensor, keys: Tensor, values: Tensor) -> Tensor {
        let batch = residual.shape[0]
        let n = queries.shape[1]
        let length = keys.shape[1]
        let mixed = attention(
            q: split(queries, length: n), k: split(keys, length: length), v: split(values, length: length),
            scale: 1 / Float(headWidth).squareRoot(), bias: Self.causalMask(queries: n, keys: length))
        let merged = mixed.reshaped([batch, heads, n, headWidth]).permuted([0, 2, 1, 3])
            .reshaped([batch, n, heads * headWidth])
        let middle = residual + matmul(merged, output)
        let m = mlpNorm.map { $0(middle) } ?? middle
        let hidden = (matmul(m, mlpIn) + mlpInBias).relu()
        return middle + (matmul(hidden, mlpOut) + mlpOutBias)
    }

    /// [B, L, H·d] → [B·H, L, d], the fused attention op's blocks.
    private func split(_ t: Tensor, length: Int) -> Tensor {
        t.reshaped([t.shape[0], length, heads, headWidth]).permuted([0, 2, 1, 3])
            .reshaped([t.shape[0] * heads, length, headWidth])
    }

    /// The causal mask for the last `queries` of `keys` positions ([1, queries, keys]): query i
    /// sits at position keys − queries + i and sees keys up to it. Nil for one query at the last
    /// position, which sees every key. The reference subtracts 1e10 before its softmax; a huge
    /// finite negative masks the same (exp underflows to 0).
    static func causalMask(queries: Int, keys: Int) -> Tensor? {
        guard queries > 1 else { return nil }
        let offset = keys - queries
        var mask = [Float](repeating: 0, count: queries * keys)
        for i in 0..<queries { for j in 0..<keys where j > i + offset { mask[i * keys + j] = -1e30 } }
        return Tensor(mask, shape: [1, queries, keys])
    }
}
