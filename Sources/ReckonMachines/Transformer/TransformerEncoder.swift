import ReckonNN
import ReckonSupport
import ReckonTensor

/// Token embedding (bias-free linear map of one-hot vectors, scaled by √D) plus the absolute
/// positional encodings (sin/cos or a learnt table) and their dropout.
final class TransformerEmbedder: Module {
    let tokens: Linear
    /// The learnt position table, for `learnt` and `noisy_learnt` only.
    let positionTable: Embedding?
    let config: TransformerConfig

    init(width: Int, _ config: TransformerConfig, rng: inout RandomGenerator) {
        self.config = config
        tokens = Linear(
            width, config.embeddingDim, bias: false,
            weightInit: .truncatedNormal(std: config.embeddingInitScale), rng: &rng)
        switch config.encoding {
        case .learnt:
            positionTable = Embedding(
                vocabularySize: config.maxSequenceLength, dimension: config.embeddingDim, rng: &rng)
        case .noisyLearnt:
            positionTable = Embedding(vocabularySize: config.noiseMaxLength, dimension: config.embeddingDim, rng: &rng)
        default: positionTable = nil
        }
        super.init()
    }

    /// Embeds one-hot (or bit) vectors [B, L, width].
    func embed(_ x: Tensor) -> Tensor { tokens(x) * Float(config.embeddingDim).squareRoot() }

    /// Embeds token ids [B, L] (rows of the same map: equal to embedding their one-hot vectors).
    func embed(ids: [Int], shape: [Int]) -> Tensor {
        embedding(tokens.weight, ids: ids, idShape: shape) * Float(config.embeddingDim).squareRoot()
    }

    /// Adds the encodings at `positions` (one per token; empty when the encoding adds none) and dropout.
    func addPositions(_ h: Tensor, positions: [Int], context: inout ForwardContext) -> Tensor {
        guard config.encoding.isAbsolute else { return h }
        precondition(positions.count == h.shape[1], "one position per token")
        let encodings: Tensor
        if let positionTable {
            encodings = embedding(positionTable.table, ids: positions, idShape: [positions.count])
        } else {
            encodings = PositionTables.sinusoid(
                positions.map(Double.init), width: config.embeddingDim, maxTime: config.maxTime)
        }
        return dropout(h + encodings, rate: config.dropout, context: &context)
    }
}

/// Position-wise feed-forward network: Linear(D → w·D), ReLU (or GELU), Linear(w·D → D), both with bias.
final class FeedForward: Module {
    let hidden: Linear
    let output: Linear
    let activation: FeedForwardActivation

    init(_ config: TransformerConfig, activation: FeedForwardActivation = .relu, rng: inout RandomGenerator) {
        hidden = Linear(config.embeddingDim, config.embeddingDim * config.wideningFactor, rng: &rng)
        output = Linear(config.embeddingDim * config.wideningFactor, config.embeddingDim, rng: &rng)
        self.activation = activation
        super.init()
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let h = hidden(x)
        return output(activation == .gelu ? h.gelu() : h.relu())
    }
}

/// One post-layer-norm encoder layer: LN(h + drop(MHA(h))), then LN(a + drop(FFN(a))).
final class EncoderLayer: Module {
    let attention: MultiHeadAttention
    let attentionNorm: LayerNorm
    let feedForward: FeedForward
    let feedForwardNorm: LayerNorm

    init(_ config: TransformerConfig, rng: inout RandomGenerator) {
        attention = MultiHeadAttention(config, rng: &rng)
        attentionNorm = LayerNorm(config.embeddingDim)
        feedForward = FeedForward(config, rng: &rng)
        feedForwardNorm = LayerNorm(config.embeddingDim)
        super.init()
    }

    func callAsFunction(
        _ h: Tensor, positions: AttentionPositions, causal: Bool, rate: Double,
        context: inout ForwardContext
    ) -> Tensor {
        // Recomputed from the logits only when traced: the fused attention op keeps no probabilities.
        context.trace?.recordNextAttention(
            attention.logits(h, memory: h, positions: positions, causal: causal).softmax(axis: -1))
        let a = attentionNorm(
            h + dropout(attention(h, memory: h, positions: positions, causal: causal), rate: rate, context: &context))
        return feedForwardNorm(a + dropout(feedForward(a), rate: rate, context: &context))
    }
}

/// The positions one encoder pass uses, drawn once per `logits` call.
struct EncoderPositions {
    var embedding: [Int]
    var layers: [AttentionPositions]
}

/// The reference's `TransformerEncoder`: embedder, then `num_layers` encoder layers.
final class TransformerEncoder: Module {
    let embedder: TransformerEmbedder
    let layers: [EncoderLayer]
    let config: TransformerConfig
    let causal: Bool

    init(inputWidth: Int, _ config: TransformerConfig, causal: Bool, rng: inout RandomGenerator) {
        self.config = config
        self.causal = causal
        embedder = TransformerEmbedder(width: inputWidth, config, rng: &rng)
        layers = (0..<config.layers).map { _ in EncoderLayer(config, rng: &rng) }
        super.init()
    }

    /// Draws (or lays out) the positions for a sequence of `length`.
    func positions(length: Int, context: inout ForwardContext) -> EncoderPositions {
        let embedding = config.embeddingPositions(length: length, context: &context)
        let layers = (0..<config.layers).map { _ in
            config.attentionPositions(
                queries: length, keys: length, shift: causal ? 1 : 0, selfAttention: true, context: &context)
        }
        return EncoderPositions(embedding: embedding, layers: layers)
    }

    /// Encodings [B, L, D] of vectors x [B, L, width].
    func callAsFunction(_ x: Tensor, positions: EncoderPositions, context: inout ForwardContext) -> Tensor {
        var h = embedder.addPositions(embedder.embed(x), positions: positions.embedding, context: &context)
        for (layer, p) in zip(layers, positions.layers) {
            h = layer(h, positions: p, causal: causal, rate: config.dropout, context: &context)
        }
        return h
    }
}
