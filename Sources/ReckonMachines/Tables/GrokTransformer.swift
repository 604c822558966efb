import ReckonNN
import ReckonSupport
import ReckonTensor

/// `grok_transformer`: Nanda et al. 2023's one-layer transformer for modular addition, as their
/// reference code builds it (progress-measures-paper, transformers.py), and with
/// `--set num_layers=2 --set layer_norm=true` Power et al. 2022's two-layer decoder (width 128,
/// 4 heads). Causal attention over the input alone; the answer is read at the last input
/// positions (docs/reference/grokking-machines.md).
///
/// Tokens are one-hot rows, so the embedding is x·W_E with W_E [inputSize, d_model] (the
/// reference's W_E transposed), plus learned positions W_pos [max_positions, d_model]. The
/// unembedding W_U [d_model, outputSize] has no bias. The reference's has p + 1 outputs (its
/// vocabulary, "=" included); this one has the task's outputSize (p), as the answer is never "=".
public final class GrokTransformer: Module, Machine, TokenEmbedding {
    @Parameter var embedding: Tensor
    @Parameter var positions: Tensor
    let blocks: [GrokTransformerBlock]
    let finalNorm: LayerNorm?
    @Parameter var unembedding: Tensor
    let inputSize: Int
    let maxPositions: Int
    public var computationStepsMultiplier: Int { 0 }

    /// The settings of `grok_transformer`: Nanda et al.'s model at the defaults.
    public struct Config: MachineConfig {
        @Setting("d_model", "residual stream width", minimum: 1) public var width = 128
        @Setting("num_layers", "transformer blocks", minimum: 1) public var layers = 1
        @Setting("num_heads", "attention heads; d_head = d_model / num_heads", minimum: 1) public var heads = 4
        @Setting("d_mlp", "hidden ReLU units of each block's MLP", minimum: 1) public var mlpWidth = 512
        @Setting(
            "layer_norm",
            "pre-LN blocks and a final LayerNorm (Power et al. 2022); off in Nanda et al. 2023")
        public var layerNorm = false
        @Setting("max_positions", "rows of the learned position table W_pos: the longest input", minimum: 1)
        public var maxPositions = 3
        public var readout = ReadoutSettings()

        public init() {}

        /// What makes a combination of settings unusable, in one line, or nil.
        public func problem() -> String? {
            if width % heads != 0 {
                return "d_model \(width) is not a multiple of num_heads \(heads) (d_head = d_model / num_heads)"
            }
            return Self.computationStepsProblem(readout)
        }

        /// The table machines read their answer at the input positions: no tape is padded.
        static func computationStepsProblem(_ readout: ReadoutSettings) -> String? {
            readout.computationSteps == 0
                ? nil
                : "computation_steps_mult must be 0: the answer is read at the last input positions, "
                    + "no computation tokens are appended"
        }
    }

    public static let spec = MachineSpec(
        name: "grok_transformer",
        summary: "Nanda et al.'s 1-layer transformer for grokking (Power et al.'s 2-layer pre-LN decoder by settings)",
        config: Config.self, footprint: GrokTransformer.footprint,
        refuses: { c, s in inputProblem(s, maxPositions: c.maxPositions) }
    ) { config, i, o, rng in
        GrokTransformer(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        let d = config.width
        let std = 1 / Float(d).squareRoot()
        self.inputSize = inputSize
        maxPositions = config.maxPositions
        _embedding = Parameter(wrappedValue: Tensor.normal([inputSize, d], std: std, rng: &rng))
        _positions = Parameter(wrappedValue: Tensor.normal([config.maxPositions, d], std: std, rng: &rng))
        blocks = (0..<config.layers).map { _ in
            GrokTransformerBlock(
                width: d, heads: config.heads, mlpWidth: config.mlpWidth, layerNorm: config.layerNorm, rng: &rng)
        }
        finalNorm = config.layerNorm ? LayerNorm(d) : nil
        // The reference divides by √d_vocab, its input vocabulary p + 1 (the unembedding has as
        // many outputs); here the input vocabulary is inputSize, which is p + 1 for the tables.
        _unembedding = Parameter(
            wrappedValue: Tensor.normal([d, outputSize], std: 1 / Float(inputSize).squareRoot(), rng: &rng))
        super.init()
    }

    public var tokenEmbedding: Tensor { embedding }

    /// Logits [B, outputLength, outputSize] read at the last `outputLength` input positions.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let length = x.shape[1]
        precondition(
            length <= maxPositions, "an input of \(length) positions, but max_positions is \(maxPositions)")
        precondition(
            outputLength >= 1 && outputLength <= length,
            "answers are read at the last input positions: \(outputLength) outputs for \(length) inputs")
        let rows = positions.slice(axis: 0, 0..<length)
        let ids = OneHotTokens.ids(x)
        var h: Tensor
        var first = 0
        if let ids, finalNorm == nil {
            // Without LayerNorm the first block looks its q, k, v up (GrokTransformerBlock).
            h = blocks[0](
                ids: ids, batch: x.shape[0], tokenTable: embedding, positionTable: rows,
                queries: blocks.count == 1 ? outputLength : length)
            first = 1
        } else {
            h = OneHotTokens.embed(x, table: embedding, ids: ids) + rows
        }
        for i in first..<blocks.count {
            // Only the last block's answer positions are read: earlier blocks give every position's keys.
            h = blocks[i](h, queries: i == blocks.count - 1 ? outputLength : length)
        }
        return matmul(finalNorm.map { $0(h) } ?? h, unembedding)
    }

    /// For callers of the tape interface: the first `inputLength` rows (without the readout's
    /// channel) are the input; the rest count the outputs (none: one per input position, as a
    /// task read at every input gives). Rows before the outputs get zero logits.
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let source = x.slice(axis: 1, 0..<inputLength).slice(axis: 2, 0..<inputSize)
        let outputLength = x.shape[1] == inputLength ? inputLength : x.shape[1] - inputLength
        let out = logits(input: source, outputLength: outputLength, targets: nil, context: &context)
        return out.padded(axis: 1, before: x.shape[1] - outputLength, after: 0)
    }

    /// Why a task of `shape` has no place in a machine that reads its answer at the last input
    /// positions and has `maxPositions` positions (nil: it fits).
    static func inputProblem(_ shape: FootprintShape, maxPositions: Int?) -> String? {
        if let maxPositions, shape.inputLength > maxPositions {
            return
                "an input of \(shape.inputLength) positions is longer than max_positions \(maxPositions) "
                + "(the rows of the learned position table)"
        }
        if shape.outputLength > shape.inputLength {
            return
                "the answer is read at the last input positions, so it can be at most as long as the input; "
                + "this task gives \(shape.outputLength) outputs for \(shape.inputLength) inputs"
        }
        return nil
    }

    /// Parameters, and the floats one sequence keeps: per block the activations below and the
    /// attention probabilities (H·queries·T); the one-hot input and the embedded stream; the
    /// logits with the loss's softmax and gradient (3·outputLength·outputSize).
    static func footprint(_ c: Config, _ s: FootprintShape) -> MachineFootprint {
        let d = Double(c.width)
        let t = Double(s.inputLength)
        let n = Double(Swift.min(s.outputLength, s.inputLength))
        let f = Double(c.mlpWidth)
        let h = Double(c.heads)
        let i = Double(s.inputSize)
        let o = Double(s.outputSize)
        let layers = Double(c.layers)
        let ln = c.layerNorm ? 1.0 : 0.0
        let perBlock = 4 * d * d + 2 * d * f + f + d + ln * 4 * d
        let parameters = i * d + Double(c.maxPositions) * d + layers * perBlock + ln * 2 * d + d * o
        // A block answering at q positions: x, its normed copy, k and v at every position; q, the
        // merged heads, the residual, its normed copy and the MLP's two activations at the q.
        func block(_ q: Double) -> Double { t * (3 + ln) * d + q * ((3 + ln) * d + 2 * f) + h * q * t }
        let training = (layers - 1) * block(t) + block(n) + t * (i + d) + 3 * n * o
        let inference = t * (i + 4 * d) + h * t * t + t * f + 2 * n * o
        var footprint = MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: training, inferenceFloatsPerSequence: inference)
        // The Lab checks tapes against these limits before a run: an input longer than the
        // position table must be refused there. The Lab's tape is the input plus one blank per
        // output, which these machines never append, so the limit is set below the tape exactly
        // when the input is too long (the message then names max_positions).
        if s.inputLength > c.maxPositions {
            footprint.longestTrainingTape = c.maxPositions
            footprint.longestEvaluationTape = c.maxPositions
            footprint.tapeLimitSetting = "max_positions"
        }
        return footprint
    }
}
