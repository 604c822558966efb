import ReckonNN
import ReckonSupport
import ReckonTensor

/// Transformer-XL's extra parameters: content bias u, position bias v ([H, d], normal std
/// 0.02) and the bias-free projection W_R of the sin/cos table to relative keys.
final class RelativeEncodingParameters: Module {
    @Parameter var contentBias: Tensor
    @Parameter var positionBias: Tensor
    let keys: Linear

    init(heads: Int, headWidth: Int, rng: inout RandomGenerator) {
        _contentBias = Parameter(wrappedValue: Tensor.normal([heads, headWidth], std: 0.02, rng: &rng))
        _positionBias = Parameter(wrappedValue: Tensor.normal([heads, headWidth], std: 0.02, rng: &rng))
        keys = Linear(heads * headWidth, heads * headWidth, bias: false, rng: &rng)
        super.init()
    }
}

/// Multi-head dot-product attention with the reference's positional encodings inside it
/// (RoPE, ALiBi, relative); bias-free projections as the reference.
final class MultiHeadAttention: Module {
    let query: Linear
    let key: Linear
    let value: Linear
    let output: Linear
    let relative: RelativeEncodingParameters?
    let heads: Int, headWidth: Int
    let encoding: PositionalEncoding
    let maxTime: Double

    init(_ config: TransformerConfig, rng: inout RandomGenerator) {
        let d = config.embeddingDim
        let hidden = config.heads * config.headWidth
        heads = config.heads
        headWidth = config.headWidth
        encoding = config.encoding.base
        maxTime = config.maxTime
        query = Linear(d, hidden, bias: false, rng: &rng)
        key = Linear(d, hidden, bias: false, rng: &rng)
        value = Linear(d, hidden, bias: false, rng: &rng)
        relative =
            encoding == .relative ? RelativeEncodingParameters(heads: heads, headWidth: headWidth, rng: &rng) : nil
        output = Linear(hidden, d, bias: false, rng: &rng)
        super.init()
    }

    /// Keys and values of a memory, split by head ([B, H, L, d]); greedy decoding keeps them.
    struct ProjectedMemory {
        var keys: Tensor
        var values: Tensor

        /// Rows `range` of the batch.
        func rows(_ range: Range<Int>) -> ProjectedMemory {
            ProjectedMemory(keys: keys.slice(axis: 0, range), values: values.slice(axis: 0, range))
        }

        /// This memory followed by `next` along the sequence.
        func appending(_ next: ProjectedMemory) -> ProjectedMemory {
            ProjectedMemory(keys: concat([keys, next.keys], axis: 2), values: concat([values, next.values], axis: 2))
        }
    }

    /// The keys and values of `memory` [B, L, D].
    func project(_ memory: Tensor) -> ProjectedMemory {
        ProjectedMemory(
            keys: split(key(memory), length: memory.shape[1]), values: split(value(memory), length: memory.shape[1]))
    }

    /// Attention of `x` [B, Lq, D] over `memory` [B, Lk, D]; `causal` masks keys after the query.
    func callAsFunction(_ x: Tensor, memory: Tensor, positions: AttentionPositions, causal: Bool) -> Tensor {
        attend(x, to: project(memory), positions: positions, causal: causal)
    }

    /// Attention of `x` [B, Lq, D] over already projected keys and values.
    func attend(_ x: Tensor, to memory: ProjectedMemory, positions: AttentionPositions, causal: Bool) -> Tensor {
        let batch = x.shape[0]
        let lq = x.shape[1]
        let lk = memory.keys.shape[2]
        // Relative logits are [B, H, Lq, Lq + Lk] before the shift (4 GB at batch 64, length
        // 1000). Without gradients to record (evaluation) the batch runs in slices of ~64 MB.
        if encoding == .relative, batch > 1,
            !(x.requiresGradient || memory.keys.requiresGradient || query.weight.requiresGradient)
        {
            let rowsPerSlice = Swift.max(1, (1 << 24) / (heads * lq * (lq + lk)))
            if rowsPerSlice < batch {
                let slices = stride(from: 0, to: batch, by: rowsPerSlice).map { start -> Tensor in
                    let rows = start..<Swift.min(batch, start + rowsPerSlice)
                    return attend(x.slice(axis: 0, rows), to: memory.rows(rows), positions: positions, causal: causal)
                }
                return concat(slices, axis: 0)
            }
        }
        let s = scoreTerms(x, memory: memory, positions: positions, causal: causal)
        let v = memory.values.reshaped([batch * heads, lk, headWidth])
        let mixed = attention(q: s.queries, k: s.keys, v: v, scale: s.scale, bias: s.bias)
        return output(
            mixed.reshaped([batch, heads, lq, headWidth]).permuted([0, 2, 1, 3]).reshaped([
                batch, lq, heads * headWidth,
            ]))
    }

    /// Pre-softmax attention logits [B, H, Lq, Lk] (biases and mask included), for inspection.
    func logits(_ x: Tensor, memory: Tensor, positions: AttentionPositions, causal: Bool) -> Tensor {
        let s = scoreTerms(x, memory: project(memory), positions: positions, causal: causal)
        var scores = matmul(s.queries, s.keys, transposeB: true) * s.scale
        if let bias = s.bias {
            let n = scores.shape[0]
            let g = bias.shape[0]
            scores = (scores.reshaped([n / g, g, x.shape[1], memory.shape[1]]) + bias).reshaped(scores.shape)
        }
        return scores.reshaped([x.shape[0], heads, x.shape[1], memory.shape[1]])
    }

    /// What the fused attention op scores with: logits = scale·q'·k'ᵀ + bias, with q' and k'
    /// [B·H, L, d] (RoPE-rotated, or q + u for relative) and bias [G, Lq, Lk] (ALiBi and mask
    /// per head or shared; relative: the shifted positional logits, one per block).
    private func scoreTerms(
        _ x: Tensor, memory: ProjectedMemory, positions: AttentionPositions, causal: Bool
    )
        -> (queries: Tensor, keys: Tensor, scale: Float, bias: Tensor?)
    {
        let batch = x.shape[0]
        let lq = x.shape[1]
        let lk = memory.keys.shape[2]
        let scale = 1 / Float(headWidth).squareRoot()
        var q = split(query(x), length: lq)
        var k = memory.keys
        var bias = constantBias(queries: lq, keys: lk, positions: positions, causal: causal)
        switch encoding {
        case .relative:
            guard let relative else { preconditionFailure("relative attention without its parameters") }
            let positional = relativePositionLogits(
                q + relative.positionBias.reshaped([heads, 1, headWidth]), keys: lk,
                positions: positions, scale: scale)
            bias = (bias.map { positional + $0 } ?? positional).reshaped([batch * heads, lq, lk])
            q = q + relative.contentBias.reshaped([heads, 1, headWidth])
        case .rotary:
            q = rotate(q, positions.queryPositions.prefix(lq))
            k = rotate(k, positions.keyPositions.prefix(lk))
        default: break
        }
        return (q.reshaped([batch * heads, lq, headWidth]), k.reshaped([batch * heads, lk, headWidth]), scale, bias)
    }

    /// [B, L, H·d] → [B, H, L, d].
    private func split(_ t: Tensor, length: Int) -> Tensor {
        t.reshaped([t.shape[0], length, heads, headWidth]).permuted([0, 2, 1, 3])
    }

    /// RoPE on [B, H, L, d]: x·cos + (x·R)·sin, R the quarter turn of every pair.
    func rotate(_ x: Tensor, _ positions: ArraySlice<Int>) -> Tensor {
        let t = PositionTables.rotary(Array(positions), width: headWidth, maxTime: maxTime)
        return x * t.cos + matmul(x, PositionTables.quarterTurn(width: headWidth)) * t.sin
    }

    /// Transformer-XL's positional logits scale·(q + v)·W_R·PE(δ) [B, H, Lq, Lk]: computed
    /// against a table of Lq + Lk offsets, then moved into place by the reference's reshape shift.
    private func relativePositionLogits(
        _ qv: Tensor, keys lk: Int, positions: AttentionPositions, scale: Float
    ) -> Tensor {
        guard let relative else { preconditionFailure("relative attention without its parameters") }
        let batch = qv.shape[0]
        let lq = qv.shape[2]
        let total = lq + lk
        // Column c holds offset lq − c + shift; the shift reads column lq − i + j for (i, j).
        let offsets = (0..<total).map { Double(positions.mapped(lq - $0 + positions.shift)) }
        let table = PositionTables.sinusoid(offsets, width: heads * headWidth, maxTime: maxTime)
        let relativeKeys = relative.keys(table).reshaped([total, heads, headWidth]).permuted([1, 0, 2])
            .expandingDims(at: 0).broadcast(to: [batch, heads, total, headWidth])
        return Self.relativeShift(matmul(qv * scale, relativeKeys, transposeB: true), keys: lk)
    }

    /// [B, H, Lq, Lq + Lk] → [B, H, Lq, Lk] with out[i, j] = in[i, Lq − i + j]: drop the first
    /// Lq entries of each head's block and re-read it with rows one shorter.
    static func relativeShift(_ x: Tensor, keys lk: Int) -> Tensor {
        let b = x.shape[0]
        let h = x.shape[1]
        let lq = x.shape[2]
        let total = x.shape[3]
        precondition(total == lq + lk, "relative shift needs Lq + Lk columns")
        return x.reshaped([b * h, total, lq]).slice(axis: 1, 1..<total)
            .reshaped([b * h, lq, total - 1]).slice(axis: 2, 0..<lk)
            .reshaped([b, h, lq, lk])
    }

    /// ALiBi biases and the causal mask as one constant [H or 1, Lq, Lk], or nil when neither applies.
    private func constantBias(queries lq: Int, keys lk: Int, positions: AttentionPositions, causal: Bool) -> Tensor? {
        var bias: Tensor? = nil
        if encoding == .alibi {
            bias = PositionTables.alibi(
                slopes: PositionTables.alibiSlopes(heads: heads), queries: lq, keys: lk,
                firstQuery: positions.queryOffset, distances: positions.distances)
        }
        if causal {
            // A huge finite negative (the reference uses float32's minimum): exp underflows to 0.
            var mask = [Float](repeating: 0, count: lq * lk)
            for i in 0..<lq { for j in 0..<lk where j > i + positions.queryOffset { mask[i * lk + j] = -1e30 } }
            let m = Tensor(mask, shape: [1, lq, lk])
            bias = bias.map { $0 + m } ?? m
        }
        return bias
    }
}

/// Inverted dropout (Haiku's `hk.dropout`): zero with probability p, scale the rest by 1/(1 − p);
/// only in training.
func dropout(_ x: Tensor, rate: Double, context: inout ForwardContext) -> Tensor {
    guard context.training, rate > 0 else { return x }
    let keep = Float(1 - rate)
    let scale = 1 / keep
    var mask = [Float](repeating: 0, count: x.count)
    for i in mask.indices where context.rng.nextFloat() < keep { mask[i] = scale }
    return x * Tensor(mask, shape: x.shape)
}
