import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor

/// `looped_transformer`: Fan et al. 2025's looped decoder ("Looped Transformers for Length
/// Generalization"; the authors' code, `looped_forward` in `src/models.py`), over the
/// empty-targets tape.
///
/// e = ReadIn(tape); h₀ = 0; h_t = LN_f(Blocks(h_{t−1} + e)) for t = 1…T; logits = ReadOut(h_T).
/// Blocks are `num_layers` causal pre-LN (GPT-2) layers, and the final LayerNorm is applied on
/// every iteration, as the released code applies `ln_f` inside the loop. The whole answer is read
/// at the tape's output blanks after the last iteration (full-output prediction); intermediate
/// iterations are not supervised. No positional encoding by default (the code computes `wpe` but
/// never adds it).
///
/// T is `iterations`, or, when it is 0, the task's T(n) (`ForwardContext.taskIterations`), or the
/// input length when the task names none. Training always runs T iterations. In evaluation,
/// `stopping` = `confidence` runs to T + `extra_iterations` and keeps, per sequence, the
/// iteration whose answer is most confident (lowest mean −log max softmax over the output
/// positions, ties to the earliest); `confidence_batch` picks one iteration for the whole batch
/// by the batch mean, as the released `test_func.py` does.
///
/// The paper's per-task blocks (width 256 throughout; layers/heads): parity 1/64, copy 2/8,
/// addition 3/8, multiplication 4/8, binary sum 2/16, unique set 3/8 (docs/reference/transformer.md).
public final class LoopedTransformer: Module, Machine {
    let embedder: TransformerEmbedder
    let blocks: [PreLayerNormBlock]
    let finalNorm: LayerNorm
    let head: Linear
    let config: Config
    let transformer: TransformerConfig
    public let computationStepsMultiplier: Int

    /// When evaluation stops looping (training always runs the rule's count).
    public enum Stopping: String, SettingChoice {
        /// The iteration count of training: `iterations`, or the task's T(n).
        case rule
        /// Per sequence, the most confident iteration up to the cap.
        case confidence
        /// The iteration most confident on average over the batch, for every sequence in it.
        case confidenceBatch = "confidence_batch"
    }

    /// The settings of `looped_transformer`. The Transformer settings keep `transformer_lm`'s
    /// names; their defaults are Fan et al.'s (width 256, one GELU layer, no dropout, no
    /// positional encoding), with 8 heads (the paper's blocks use 8, 16 or 64).
    public struct Config: MachineConfig {
        @Setting("embedding_dim", "model width D", minimum: 1) public var embeddingDim = 256
        @Setting("num_layers", "decoder layers in the looped block", minimum: 1) public var layers = 1
        @Setting("num_heads", "attention heads", minimum: 1) public var heads = 8
        @Setting("num_hiddens_per_head", "width per head; 0 means embedding_dim / num_heads", minimum: 0)
        public var hiddensPerHead = 0
        @Setting("widening_factor", "feed-forward hidden width as a multiple of embedding_dim", minimum: 1)
        public var wideningFactor = 4
        @Setting("feed_forward_activation", "the feed-forward nonlinearity (GPT-2's is gelu)")
        public var activation = FeedForwardActivation.gelu
        @Setting("dropout_prob", "dropout rate, applied in training only", minimum: 0, below: 1)
        public var dropout = 0.0
        @Setting("emb_init_scale", "std of the read-in's initialization", minimum: 0)
        public var embeddingInitStd = 0.02
        @Setting("positional_encodings", "positional encoding (Fan et al. use none)")
        public var encoding = PositionalEncoding.none
        @Setting("max_time", "longest wavelength of sin/cos, rotary and relative encodings", minimum: 1)
        public var maxTime = 10_000.0
        @Setting("max_sequence_length", "rows of the learnt position table", minimum: 1)
        public var maxSequenceLength = 2048
        @Setting("noise_max_length", "randomized encodings draw positions from [0, noise_max_length)", minimum: 2)
        public var noiseMaxLength = 2048
        @Setting("randomize_in_evaluation", "noisy_* encodings also draw random positions outside training")
        public var randomizeInEvaluation = true
        @Setting(
            "iterations", "block applications; 0 = the task's T(n), or the input length when the task names none",
            minimum: 0, maximum: 100_000)
        public var iterations = 0
        @Setting("stopping", "when evaluation stops looping (training always runs the rule's count)")
        public var stopping = Stopping.rule
        @Setting(
            "extra_iterations", "confidence stopping looks up to this many iterations past the rule's",
            minimum: 0, maximum: 100_000)
        public var extraIterations = 20
        public var readout = ReadoutSettings()

        public init() {}

        /// The shared Transformer settings with these values (settings this machine does not
        /// declare keep `TransformerConfig`'s defaults).
        var transformer: TransformerConfig { TransformerConfig.make(values) }

        public func problem() -> String? { transformer.problem() }
    }

    public static let spec = MachineSpec(
        name: "looped_transformer",
        summary: "looped causal pre-LN block (Fan et al. 2025): input injected, T(n) iterations, NoPE",
        config: Config.self, footprint: { c, s in .looped(c, s) }
    ) { config, i, o, rng in
        LoopedTransformer(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        let shared = config.transformer
        self.config = config
        transformer = shared
        computationStepsMultiplier = config.readout.computationSteps
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        embedder = TransformerEmbedder(width: width, shared, rng: &rng)
        blocks = (0..<config.layers).map { _ in PreLayerNormBlock(shared, activation: config.activation, rng: &rng) }
        finalNorm = LayerNorm(config.embeddingDim)
        head = Linear(config.embeddingDim, outputSize, rng: &rng)
        super.init()
    }

    /// The iteration count of training and of `rule` stopping: `iterations`, else the task's
    /// T(n), else the input length; at least 1.
    func ruleIterations(inputLength: Int, context: ForwardContext) -> Int {
        Swift.max(1, config.iterations > 0 ? config.iterations : context.taskIterations ?? inputLength)
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let length = x.shape[1]
        let outputLength = length - inputLength * (1 + computationStepsMultiplier)
        let absolute = transformer.embeddingPositions(length: length, context: &context)
        // Drawn once per call: every iteration sees the same positions, as it sees the same input.
        let positions = blocks.map { _ in
            transformer.attentionPositions(
                queries: length, keys: length, shift: 1, selfAttention: true, context: &context)
        }
        let injected = embedder.addPositions(embedder.embed(x), positions: absolute, context: &context)
        var state: Tensor? = nil
        func iterate() -> Tensor {
            // h₀ = 0, so the first iteration's input is e itself.
            var h = state.map { $0 + injected } ?? injected
            for (block, p) in zip(blocks, positions) {
                h = block(h, positions: p, rate: config.dropout, context: &context)
            }
            let next = finalNorm(h)
            state = next
            return next
        }
        let rule = ruleIterations(inputLength: inputLength, context: context)
        guard !context.training, config.stopping != .rule else {
            for _ in 0..<rule { _ = iterate() }
            context.recordSteps(Double(rule * batch), over: batch)
            return head(state!)
        }
        // Confidence: only the best logits so far are kept (the evaluator runs without gradients,
        // so each iteration's graph is freed), so memory does not grow with the cap.
        var best = Tensor.zeros([batch, length, head.weight.shape[1]])
        var bestScores = [Double](repeating: .infinity, count: batch)
        var chosen = [Int](repeating: 0, count: batch)
        for t in 1...(rule + config.extraIterations) {
            let logits = head(iterate())
            var scores = Self.confidenceScores(logits.slice(axis: 1, length - outputLength..<length))
            if config.stopping == .confidenceBatch {
                scores = [Double](repeating: scores.reduce(0, +) / Double(batch), count: batch)
            }
            let better = (0..<batch).map { scores[$0] < bestScores[$0] }
            guard better.contains(true) else { continue }
            for b in 0..<batch where better[b] {
                bestScores[b] = scores[b]
                chosen[b] = t
            }
            best = select(Tensor(better.map { $0 ? 1 : 0 }, shape: [batch, 1, 1]), logits, best)
        }
        context.recordSteps(Double(chosen.reduce(0, +)), over: batch)
        return best
    }

    /// Per sequence of logits [B, T_out, C], the mean over its positions of −log max softmax (the
    /// cross-entropy of the logits against their own argmax): 0 for a certain answer.
    static func confidenceScores(_ logits: Tensor) -> [Double] {
        let batch = logits.shape[0]
        let positions = logits.shape[1]
        let classes = logits.shape[2]
        let values = logits.scalars
        return (0..<batch).map { b in
            var total = 0.0
            for p in 0..<positions {
                let start = (b * positions + p) * classes
                let row = values[start..<start + classes].map(Double.init)
                let top = row.max() ?? 0
                // −log(e^top / Σ e^v) = log Σ e^(v − top).
                total += log(row.reduce(0) { $0 + exp($1 - top) })
            }
            return positions > 0 ? total / Double(positions) : 0
        }
    }
}
