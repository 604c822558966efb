import ReckonNN
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
        let d = config.embeddingDim, hidden = config.heads * config.headWidth
        heads = config.heads; headWidth = config.headWidth
        encoding = config.encoding.base; maxTime = config.maxTime
        query = Linear(d, hidden, bias: false, rng: &rng)
        key = Linear(d, hidden, bias: false, rng: &rng)
        value = Linear(d, hidden, bias: false, rng: &rng)
        relative = encoding == .relative ? RelativeEncodingParameters(heads: heads, headWidth: headWidth, rng: &rng) : nil
        output = Linear(hidden, d, bias: false, rng: &rng)
        super.init()
    }

    /// Attention of `x` [B, Lq, D] over `memory` [B, Lk, D]; `causal` masks keys after the query.
    func callAsFunction(_ x: Tensor, memory: Tensor, positions: AttentionPositions, causal: Bool) -> Tensor {
        let batch = x.shape[0], lq = x.shape[1], lk = memory.shape[1]
        let weights = logits(x, memory: memory, positions: positions, causal: causal).softmax(axis: -1)
        let v = split(value(memory), length: lk)
        let mixed = matmul(weights, v).permuted([0, 2, 1, 3]).reshaped([batch, lq, heads * headWidth])
        return output(mixed)
    }

    /// Pre-softmax attention logits [B, H, Lq, Lk], with biases and mask applied.
    func logits(_ x: Tensor, memory: Tensor, positions: AttentionPositions, causal: Bool) -> Tensor {
        let lq = x.shape[1], lk = memory.shape[1]
        // 1/√d is folded into the queries: fewer multiplies than scaling [B, H, Lq, Lk] logits.
        let scale = 1 / Float(headWidth).squareRoot()
        var q = split(query(x), length: lq), k = split(key(memory), length: lk)
        var scores: Tensor
        switch encoding {
        case .relative:
            scores = relativeLogits(q, k, positions: positions, scale: scale)
        case .rotary:
            q = rotate(q, positions.queryPositions.prefix(lq))
            k = rotate(k, positions.keyPositions.prefix(lk))
            scores = matmul(q * scale, k, transposeB: true)
        default:
            scores = matmul(q * scale, k, transposeB: true)
        }
        if let bias = additiveBias(queries: lq, keys: lk, positions: positions, causal: causal) {
            scores = scores + bias
        }
        return scores
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

    /// Transformer-XL logits: (q + u)·k and (q + v)·W_R·PE(δ), the latter computed against a
    /// table of Lq + Lk offsets and moved into place by the reference's reshape shift.
    private func relativeLogits(_ q: Tensor, _ k: Tensor, positions: AttentionPositions, scale: Float) -> Tensor {
        guard let relative else { preconditionFailure("relative attention without its parameters") }
        let batch = q.shape[0], lq = q.shape[2], lk = k.shape[2], total = lq + lk
        let u = relative.contentBias.reshaped([heads, 1, headWidth])
        let v = relative.positionBias.reshaped([heads, 1, headWidth])
        let content = matmul((q + u) * scale, k, transposeB: true)
        // Column c holds offset lq − c + shift; the shift reads column lq − i + j for (i, j).
        let offsets = (0..<total).map { Double(positions.mapped(lq - $0 + positions.shift)) }
        let table = PositionTables.sinusoid(offsets, width: heads * headWidth, maxTime: maxTime)
        let relativeKeys = relative.keys(table).reshaped([total, heads, headWidth]).permuted([1, 0, 2])
            .expandingDims(at: 0).broadcast(to: [batch, heads, total, headWidth])
        let positional = matmul((q + v) * scale, relativeKeys, transposeB: true)
        return content + Self.relativeShift(positional, keys: lk)
    }

    /// [B, H, Lq, Lq + Lk] → [B, H, Lq, Lk] with out[i, j] = in[i, Lq − i + j]: drop the first
    /// Lq entries of each head's block and re-read it with rows one shorter.
    static func relativeShift(_ x: Tensor, keys lk: Int) -> Tensor {
        let b = x.shape[0], h = x.shape[1], lq = x.shape[2], total = x.shape[3]
        precondition(total == lq + lk, "relative shift needs Lq + Lk columns")
        return x.reshaped([b * h, total, lq]).slice(axis: 1, 1..<total)
            .reshaped([b * h, lq, total - 1]).slice(axis: 2, 0..<lk)
            .reshaped([b, h, lq, lk])
    }

    /// ALiBi biases and the causal mask as one constant [H or 1, Lq, Lk], or nil when neither applies.
    private func additiveBias(queries lq: Int, keys lk: Int, positions: AttentionPositions, causal: Bool) -> Tensor? {
        var bias: Tensor? = nil
        if encoding == .alibi {
            bias = PositionTables.alibi(slopes: PositionTables.alibiSlopes(heads: heads), queries: lq, keys: lk,
                                        distances: positions.distances)
        }
        if causal {
            // A huge finite negative (the reference uses float32's minimum): exp underflows to 0.
            var mask = [Float](repeating: 0, count: lq * lk)
            for i in 0..<lq { for j in 0..<lk where j > i { mask[i * lk + j] = -1e30 } }
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
    let keep = Float(1 - rate), scale = 1 / keep
    var mask = [Float](repeating: 0, count: x.count)
    for i in mask.indices where context.rng.nextFloat() < keep { mask[i] = scale }
    return x * Tensor(mask, shape: x.shape)
}
