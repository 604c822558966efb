import ReckonNN
import ReckonSupport
import ReckonTensor

/// `transformer_lm`: a decoder-only, causal, pre-layer-norm Transformer (GPT-style) over one
/// stream: the input tokens, `computation_steps_mult · T` blanks, a start-of-answer token, then
/// the answer. Trained with teacher forcing (the Lab's loss covers only the answer positions,
/// so it is next-token loss on the answer); decoded greedily with each block's keys and values
/// cached, one token per step.
///
/// Tokens share one embedding: input vectors (one-hot or bit vectors) occupy the first
/// `inputSize` columns, answer token k is column `inputSize + k`, the start token the last one.
/// The settings, positional encodings included, are the reference transformer's
/// (`TransformerConfig`); every block attends with those encodings over the whole stream.
public final class TransformerLM: Module, Machine {
    public var isAutoregressive: Bool { true }
    /// Its prompt pass is causal, so it can answer at every input position too.
    public var answersAtEachInput: Bool { true }
    let embedder: TransformerEmbedder
    let blocks: [PreLayerNormBlock]
    let finalNorm: LayerNorm
    let head: Linear
    let config: TransformerConfig
    let inputSize: Int
    let outputSize: Int
    public let computationStepsMultiplier: Int

    public static let spec = MachineSpec(
        name: "transformer_lm",
        summary: "decoder-only causal pre-LN Transformer: teacher-forced, greedy with a KV cache",
        config: TransformerConfig.self, footprint: { c, s in .transformer(c, s, decoder: true) }
    ) { config, i, o, rng in
        TransformerLM(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: TransformerConfig, rng: inout RandomGenerator) {
        self.config = config
        self.inputSize = inputSize
        self.outputSize = outputSize
        computationStepsMultiplier = config.computationSteps
        embedder = TransformerEmbedder(width: inputSize + outputSize + 1, config, rng: &rng)
        blocks = (0..<config.layers).map { _ in PreLayerNormBlock(config, rng: &rng) }
        finalNorm = LayerNorm(config.embeddingDim)
        head = Linear(config.embeddingDim, outputSize, rng: &rng)
        super.init()
    }

    var startToken: Int { inputSize + outputSize }

    /// Teacher forcing when `targets` ([B, T_out, outputSize], one-hot) are given, greedy decoding otherwise.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let length = x.shape[1]
        // The prompt: inputs widened to the shared vocabulary, blank computation rows, the start token.
        var rows = [x.padded(axis: 2, before: 0, after: outputSize + 1)]
        if computationStepsMultiplier > 0 {
            rows.append(Tensor.zeros([batch, length * computationStepsMultiplier, startToken + 1]))
        }
        rows.append(oneHot([Int](repeating: startToken, count: batch), idShape: [batch, 1], depth: startToken + 1))
        let prompt = concat(rows, axis: 1)
        let promptLength = prompt.shape[1]
        // Answering at each input position (next-symbol prediction, word problems), the stream is the
        // input alone, run once causally: position t's logits are read where its symbol is.
        let inPlace = context.outputsAtEachInput
        let total = inPlace ? length : promptLength + outputLength - 1
        let embeddingPositions = config.embeddingPositions(length: total, context: &context)
        let positions = (0..<blocks.count).map { _ in
            config.attentionPositions(queries: total, keys: total, shift: 1, selfAttention: true, context: &context)
        }
        var caches = [MultiHeadAttention.ProjectedMemory?](repeating: nil, count: blocks.count)
        func run(_ vectors: Tensor?, ids: [Int], first: Int, count: Int) -> Tensor {
            let embedded =
                vectors.map { embedder.embed($0) }
                ?? embedder.embed(ids: ids, shape: [batch, count])
            let absolute = config.encoding.isAbsolute ? Array(embeddingPositions[first..<first + count]) : []
            var h = embedder.addPositions(embedded, positions: absolute, context: &context)
            for (i, block) in blocks.enumerated() {
                h = block(
                    h, first: first, cache: &caches[i], positions: positions[i], rate: config.dropout,
                    context: &context)
            }
            return head(finalNorm(h))
        }
        if inPlace {
            precondition(outputLength == length, "outputs at each input: one output per input position")
            return run(x.padded(axis: 2, before: 0, after: outputSize + 1), ids: [], first: 0, count: length)
        }
        if let targets {
            precondition(
                targets.shape == [batch, outputLength, outputSize],
                "targets must be one-hot [B, T_out, outputSize]")
            // y₀ … y_{T−2} follow the start token; the logits at the start token and after predict y₀ … y_{T−1}.
            let answers = targets.slice(axis: 1, 0..<outputLength - 1).padded(axis: 2, before: inputSize, after: 1)
            let stream = concat([prompt, answers], axis: 1)
            return run(stream, ids: [], first: 0, count: total).slice(axis: 1, promptLength - 1..<total)
        }
        let first = run(prompt, ids: [], first: 0, count: promptLength)
        var steps = [first.slice(axis: 1, promptLength - 1..<promptLength)]
        for t in 1..<Swift.max(outputLength, 1) {
            let next = steps[t - 1].argmaxLastAxis().map { inputSize + $0 }
            steps.append(run(nil, ids: next, first: promptLength + t - 1, count: 1))
        }
        return steps.count == 1 ? steps[0] : concat(steps, axis: 1)
    }

    /// For callers of the tape interface: the first `inputLength` rows (without the readout's
    /// channel) are the input, the remaining rows count the outputs, decoded greedily; rows
    /// before them get zero logits.
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let source = x.slice(axis: 1, 0..<inputLength).slice(axis: 2, 0..<inputSize)
        let outputLength = x.shape[1] - inputLength * (1 + computationStepsMultiplier)
        let out = logits(input: source, outputLength: outputLength, targets: nil, context: &context)
        return out.padded(axis: 1, before: x.shape[1] - outputLength, after: 0)
    }
}
