import ReckonNN
import ReckonSupport
import ReckonTensor

/// One GPT-style block: h + drop(MHA(LN(h))) with a causal mask, then a + drop(FFN(LN(a)))
/// (pre-layer-norm, Xiong et al. 2020; GPT-2's order).
final class PreLayerNormBlock: Module {
    let attentionNorm: LayerNorm
    let attention: MultiHeadAttention
    let feedForwardNorm: LayerNorm
    let feedForward: FeedForward

    init(_ config: TransformerConfig, activation: FeedForwardActivation = .relu, rng: inout RandomGenerator) {
        attentionNorm = LayerNorm(config.embeddingDim)
        attention = MultiHeadAttention(config, rng: &rng)
        feedForwardNorm = LayerNorm(config.embeddingDim)
        feedForward = FeedForward(config, activation: activation, rng: &rng)
        super.init()
    }

    /// States for a whole stream h [B, L, D] (no key/value cache kept).
    func callAsFunction(
        _ h: Tensor, positions: AttentionPositions, rate: Double, context: inout ForwardContext
    ) -> Tensor {
        var cache: MultiHeadAttention.ProjectedMemory? = nil
        return self(h, first: 0, cache: &cache, positions: positions, rate: rate, context: &context)
    }

    /// States for the tokens at stream indices `first` ..< `first` + L of h [B, L, D]. `cache` holds
    /// the keys and values of indices 0 ..< `first` (nil when `first` is 0) and gains these tokens'.
    func callAsFunction(
        _ h: Tensor, first: Int, cache: inout MultiHeadAttention.ProjectedMemory?,
        positions: AttentionPositions, rate: Double, context: inout ForwardContext
    ) -> Tensor {
        let normed = attentionNorm(h)
        if first == 0, cache == nil, let trace = context.trace {
            // A whole stream (not a decoding step): its probabilities, recomputed from the logits.
            trace.recordNextAttention(
                attention.logits(normed, memory: normed, positions: positions.fromQuery(0), causal: true)
                    .softmax(axis: -1))
        }
        let current = attention.project(normed)
        let memory = cache.map { $0.appending(current) } ?? current
        cache = memory
        let attended = attention.attend(normed, to: memory, positions: positions.fromQuery(first), causal: true)
        let a = h + dropout(attended, rate: rate, context: &context)
        return a + dropout(feedForward(feedForwardNorm(a)), rate: rate, context: &context)
    }
}
