import ReckonSupport
import ReckonTensor

/// The settings shared by `transformer_encoder` and `transformer` (docs/reference/transformer.md),
/// and the resolved values the encoder and the decoder read.
public struct TransformerConfig: MachineConfig {
    @Setting("embedding_dim", "model width D", minimum: 1) public var embeddingDim = 64
    @Setting("num_layers", "encoder layers (and decoder layers for transformer)", minimum: 1) public var layers = 5
    @Setting("num_heads", "attention heads", minimum: 1) public var heads = 8
    @Setting("num_hiddens_per_head", "width per head; 0 means embedding_dim / num_heads", minimum: 0)
    public var hiddensPerHead = 0
    @Setting("widening_factor", "feed-forward hidden width as a multiple of embedding_dim", minimum: 1)
    public var wideningFactor = 4
    @Setting("dropout_prob", "dropout rate, applied in training only", minimum: 0, below: 1) public var dropout = 0.1
    @Setting("emb_init_scale", "std of the token embedding's initialization", minimum: 0)
    public var embeddingInitStd = 0.02
    @Setting("positional_encodings", "positional encoding (noisy_* are the randomized encodings of Ruoss et al. 2023)")
    public var encoding = PositionalEncoding.sinCos
    @Setting("max_time", "longest wavelength of sin/cos, rotary and relative encodings", minimum: 1)
    public var maxTime = 10_000.0
    @Setting("max_sequence_length", "rows of the learnt position table", minimum: 1) public var maxSequenceLength = 2048
    @Setting("noise_max_length", "randomized encodings draw positions from [0, noise_max_length)", minimum: 2)
    public var noiseMaxLength = 2048
    @Setting(
        "randomize_in_evaluation",
        "noisy_* encodings also draw random positions outside training (as the reference code does)")
    public var randomizeInEvaluation = true
    public var readout = ReadoutSettings()

    public init() {}

    /// Width of one attention head.
    var headWidth: Int { hiddensPerHead > 0 ? hiddensPerHead : embeddingDim / heads }

    /// The embedding initializer's std as the engine takes it.
    var embeddingInitScale: Float { Float(embeddingInitStd) }

    var computationSteps: Int { readout.computationSteps }

    /// What makes a combination of settings unusable, in one line, or nil (checked before a
    /// machine is built so a user gets an error instead of a failed precondition).
    public func problem() -> String? {
        let d = embeddingDim
        let h = heads
        let width = headWidth
        if width < 1 {
            return
                "embedding_dim \(d) gives no hidden units per head for \(h) heads; use num_heads <= \(d) or set "
                + "num_hiddens_per_head"
        }
        let e = encoding
        if e.base == .sinCos || e.base == .sinCosForward, d % 2 != 0 {
            return "sin_cos encodings need an even embedding_dim, got \(d)"
        }
        if e.base == .rotary, width % 2 != 0 {
            return
                "rotary encodings need an even width per head, got \(width) (embedding_dim / num_heads or "
                + "num_hiddens_per_head)"
        }
        if e.base == .relative, h * width % 2 != 0 {
            return "relative encodings need an even num_heads x width per head, got \(h * width)"
        }
        return nil
    }

    /// Whether this pass draws random positions.
    func randomizes(_ context: ForwardContext) -> Bool {
        encoding.isRandomized && (context.training || randomizeInEvaluation)
    }

    /// Positions whose encodings are added to a stream's embeddings (empty when none are added).
    func embeddingPositions(length: Int, context: inout ForwardContext) -> [Int] {
        switch encoding {
        case .sinCos: return (0..<length).map { length - $0 }  // Chomsky: reversed, 1-based.
        case .sinCosForward: return Array(0..<length)
        case .learnt: return (0..<length).map { Swift.min($0, maxSequenceLength - 1) }  // JAX clamps.
        case .noisySinCos, .noisyLearnt:
            return randomizes(context)
                ? PositionTables.sortedSample(length, from: 0..<noiseMaxLength, rng: &context.rng)
                : Array(0..<length)
        default: return []
        }
    }

    /// The positions one attention call uses, for `queries` × `keys` with relative offset
    /// δ = i − j + `shift` (see `AttentionPositions`).
    func attentionPositions(
        queries: Int, keys: Int, shift: Int, selfAttention: Bool,
        context: inout ForwardContext
    ) -> AttentionPositions {
        let random = randomizes(context)
        var p = AttentionPositions(
            shift: shift, queryPositions: Array(0..<queries), keyPositions: Array(0..<keys), distances: nil)
        switch encoding.base {
        case .rotary where random:
            p.queryPositions = PositionTables.sortedSample(queries, from: 0..<noiseMaxLength, rng: &context.rng)
            p.keyPositions =
                selfAttention
                ? p.queryPositions
                : PositionTables.sortedSample(keys, from: 0..<noiseMaxLength, rng: &context.rng)
        case .alibi where random:
            p.distances = PositionTables.distances(
                upTo: Swift.max(queries, keys) - 1, limit: noiseMaxLength, rng: &context.rng)
        case .relative where random:
            // Offsets the shifted table is read at: shift − (keys − 1) … shift + queries − 1.
            let reach = Swift.max(abs(shift - keys + 1), abs(shift + queries - 1))
            p.distances = PositionTables.distances(upTo: reach, limit: noiseMaxLength, rng: &context.rng)
        default: break
        }
        return p
    }
}

/// Positions for one attention call: absolute positions of queries and keys (RoPE) and the
/// map from |offset| to distance (randomized ALiBi and relative; nil = identity). Queries and
/// keys may be a prefix of the stream these positions were drawn for (greedy decoding).
struct AttentionPositions {
    /// Relative offset of query i and key j is i − j + shift.
    var shift: Int
    var queryPositions: [Int]
    var keyPositions: [Int]
    var distances: [Int]?
    /// Stream index of the first query (ALiBi and the causal mask count from it).
    var queryOffset = 0

    /// The same positions for queries that start at stream index `first` (one greedy step).
    func fromQuery(_ first: Int) -> AttentionPositions {
        var p = self
        p.shift += first
        p.queryOffset += first
        p.queryPositions = Array(queryPositions.dropFirst(first))
        return p
    }

    /// The offset δ as the encoding sees it: sign(δ)·r_|δ| (only the shift's unused column can
    /// fall outside the drawn distances; it gets 0).
    func mapped(_ delta: Int) -> Int {
        guard let r = distances else { return delta }
        let d = abs(delta)
        return d < r.count ? (delta < 0 ? -r[d] : r[d]) : 0
    }
}
