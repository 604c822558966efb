import ReckonNN
import ReckonSupport
import ReckonTensor

/// One post-layer-norm decoder layer: causal self-attention, cross-attention to the encoder
/// (unmasked), feed-forward; each sub-block is LN(x + drop(block(x))).
final class DecoderLayer: Module {
    let selfAttention: MultiHeadAttention
    let selfAttentionNorm: LayerNorm
    let crossAttention: MultiHeadAttention
    let crossAttentionNorm: LayerNorm
    let feedForward: FeedForward
    let feedForwardNorm: LayerNorm

    init(_ config: TransformerConfig, rng: inout RandomGenerator) {
        selfAttention = MultiHeadAttention(config, rng: &rng)
        selfAttentionNorm = LayerNorm(config.embeddingDim)
        crossAttention = MultiHeadAttention(config, rng: &rng)
        crossAttentionNorm = LayerNorm(config.embeddingDim)
        feedForward = FeedForward(config, rng: &rng)
        feedForwardNorm = LayerNorm(config.embeddingDim)
        super.init()
    }

    func callAsFunction(
        _ h: Tensor, encoded: Tensor, positions: DecoderLayerPositions, rate: Double,
        context: inout ForwardContext
    ) -> Tensor {
        block(
            h, selfMemory: selfAttention.project(h), cross: crossAttention.project(encoded), positions: positions,
            rate: rate, context: &context)
    }

    /// One greedy step: the output for the token at stream index t ([B, 1, D]). `cache` holds
    /// the self-attention's keys and values at 0…t−1 (all the causal self-attention needs of
    /// the past) and gains this token's; `cross` is the encoder memory's, projected once.
    func step(
        _ h: Tensor, at t: Int, cache: inout MultiHeadAttention.ProjectedMemory?,
        cross: MultiHeadAttention.ProjectedMemory,
        positions: DecoderLayerPositions, rate: Double, context: inout ForwardContext
    ) -> Tensor {
        let current = selfAttention.project(h)
        let memory = cache.map { $0.appending(current) } ?? current
        cache = memory
        return block(
            h, selfMemory: memory, cross: cross, positions: positions.fromQuery(t), rate: rate, context: &context)
    }

    private func block(
        _ h: Tensor, selfMemory: MultiHeadAttention.ProjectedMemory, cross: MultiHeadAttention.ProjectedMemory,
        positions: DecoderLayerPositions, rate: Double, context: inout ForwardContext
    ) -> Tensor {
        let s = selfAttentionNorm(
            h
                + dropout(
                    selfAttention.attend(h, to: selfMemory, positions: positions.selfAttention, causal: true),
                    rate: rate, context: &context))
        let c = crossAttentionNorm(
            s
                + dropout(
                    crossAttention.attend(s, to: cross, positions: positions.crossAttention, causal: false),
                    rate: rate, context: &context))
        return feedForwardNorm(c + dropout(feedForward(c), rate: rate, context: &context))
    }
}

/// The positions of one decoder layer's two attentions.
struct DecoderLayerPositions {
    var selfAttention: AttentionPositions
    var crossAttention: AttentionPositions

    /// The same positions for queries from stream index `first` on.
    func fromQuery(_ first: Int) -> DecoderLayerPositions {
        DecoderLayerPositions(
            selfAttention: selfAttention.fromQuery(first), crossAttention: crossAttention.fromQuery(first))
    }
}

/// The positions one decoding uses, drawn for the full output length once per `logits` call;
/// a greedy step uses those of its token.
struct DecoderPositions {
    var embedding: [Int]
    var layers: [DecoderLayerPositions]
}

/// The reference's `TransformerDecoder` over right-shifted target ids (start token = outputSize).
final class TransformerDecoder: Module {
    let embedder: TransformerEmbedder
    let layers: [DecoderLayer]
    let config: TransformerConfig
    /// Id of the start token, one past the output alphabet.
    let startToken: Int

    init(outputSize: Int, _ config: TransformerConfig, rng: inout RandomGenerator) {
        self.config = config
        startToken = outputSize
        embedder = TransformerEmbedder(width: outputSize + 1, config, rng: &rng)
        layers = (0..<config.layers).map { _ in DecoderLayer(config, rng: &rng) }
        super.init()
    }

    /// Draws (or lays out) positions for `outputLength` outputs attending to `inputLength` encodings.
    func positions(outputLength: Int, inputLength: Int, context: inout ForwardContext) -> DecoderPositions {
        let embedding = config.embeddingPositions(length: outputLength, context: &context)
        let layers = (0..<config.layers).map { _ in
            DecoderLayerPositions(
                // Chomsky's causal relative table puts the diagonal at offset 1.
                selfAttention: config.attentionPositions(
                    queries: outputLength, keys: outputLength, shift: 1,
                    selfAttention: true, context: &context),
                // Its causal shift on a [T_out, T_in] matrix aligns query i with key T_in − T_out + i.
                crossAttention: config.attentionPositions(
                    queries: outputLength, keys: inputLength,
                    shift: inputLength - outputLength + 1, selfAttention: false,
                    context: &context))
        }
        return DecoderPositions(embedding: embedding, layers: layers)
    }

    /// Decoder states [B, T_out, D] for input ids [B, T_out] (teacher forcing).
    func callAsFunction(
        ids: [Int], batch: Int, encoded: Tensor, positions: DecoderPositions,
        context: inout ForwardContext
    ) -> Tensor {
        let length = ids.count / batch
        var h = embedder.addPositions(
            embedder.embed(ids: ids, shape: [batch, length]), positions: positions.embedding,
            context: &context)
        for (layer, p) in zip(layers, positions.layers) {
            h = layer(h, encoded: encoded, positions: p, rate: config.dropout, context: &context)
        }
        return h
    }

    /// The encoder memory's keys and values for every layer's cross-attention.
    func projectEncoded(_ encoded: Tensor) -> [MultiHeadAttention.ProjectedMemory] {
        layers.map { $0.crossAttention.project(encoded) }
    }

    /// One greedy step: the state [B, 1, D] after input ids [B] at stream index t; `caches`
    /// (one per layer, nil at t = 0) carry the earlier steps.
    func step(
        ids: [Int], at t: Int, caches: inout [MultiHeadAttention.ProjectedMemory?],
        cross: [MultiHeadAttention.ProjectedMemory],
        positions: DecoderPositions, context: inout ForwardContext
    ) -> Tensor {
        let absolute = config.encoding.isAbsolute ? [positions.embedding[t]] : []
        var h = embedder.addPositions(
            embedder.embed(ids: ids, shape: [ids.count, 1]), positions: absolute, context: &context)
        for (l, layer) in layers.enumerated() {
            h = layer.step(
                h, at: t, cache: &caches[l], cross: cross[l], positions: positions.layers[l],
                rate: config.dropout, context: &context)
        }
        return h
    }
}
