import ReckonNN
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

    func callAsFunction(_ h: Tensor, encoded: Tensor, positions: DecoderLayerPositions, rate: Double,
                        context: inout ForwardContext) -> Tensor {
        let s = selfAttentionNorm(h + dropout(selfAttention(h, memory: h, positions: positions.selfAttention, causal: true),
                                              rate: rate, context: &context))
        let c = crossAttentionNorm(s + dropout(crossAttention(s, memory: encoded, positions: positions.crossAttention, causal: false),
                                               rate: rate, context: &context))
        return feedForwardNorm(c + dropout(feedForward(c), rate: rate, context: &context))
    }
}

/// The positions of one decoder layer's two attentions.
struct DecoderLayerPositions {
    var selfAttention: AttentionPositions
    var crossAttention: AttentionPositions
}

/// The positions one decoding uses, drawn for the full output length once per `logits` call;
/// a greedy step runs on a prefix of them.
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
                selfAttention: config.attentionPositions(queries: outputLength, keys: outputLength, shift: 1,
                                                         selfAttention: true, context: &context),
                // Its causal shift on a [T_out, T_in] matrix aligns query i with key T_in − T_out + i.
                crossAttention: config.attentionPositions(queries: outputLength, keys: inputLength,
                                                          shift: inputLength - outputLength + 1, selfAttention: false,
                                                          context: &context))
        }
        return DecoderPositions(embedding: embedding, layers: layers)
    }

    /// Decoder states [B, P, D] for input ids [B, P] (P ≤ the drawn output length: a prefix).
    func callAsFunction(ids: [Int], batch: Int, encoded: Tensor, positions: DecoderPositions,
                        context: inout ForwardContext) -> Tensor {
        let length = ids.count / batch
        var h = embedder.embed(ids: ids, shape: [batch, length])
        h = embedder.addPositions(h, positions: Array(positions.embedding.prefix(config.encoding.isAbsolute ? length : 0)),
                                  context: &context)
        for (layer, p) in zip(layers, positions.layers) {
            h = layer(h, encoded: encoded, positions: p, rate: config.dropout, context: &context)
        }
        return h
    }
}
