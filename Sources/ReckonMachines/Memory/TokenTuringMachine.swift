import ReckonNN
import ReckonSupport
import ReckonTensor

/// `ttm`: a Token Turing Machine (Ryoo et al. 2023): a memory of m tokens read and written by
/// token summarization around a small Transformer, one tape position per step.
///
/// Per step t (the "chunk" is one tape position, so outputs exist at every position):
///
///     i_t = E x_t                                           one input token [B, 1, d]
///     Z_t = Read([M_{t−1} ‖ i_t] + P_r)                    r tokens (summarization)
///     O_t = Transformer(Z_t)                                L pre-LN blocks
///     M_t = Write([M_{t−1} ‖ O_t ‖ i_t] + P_w)             m tokens (summarization)
///     logits_t = W mean(O_t) + w
///
/// P_r, P_w are learned position embeddings of the concatenated tokens (so summarization can
/// tell memory slots from the new input), M_0 is learned. Defaults (small, for the bit
/// tasks): m = 16 memory tokens, r = 4 read tokens, d = 32, 1 block with 2 heads,
/// summarizer MLP width 32.
public final class TokenTuringMachine: Module, Machine {
    public let computationStepsMultiplier: Int
    public let memoryTokens: Int, readTokens: Int, width: Int
    let embed: Linear
    let reader: TokenSummarizer
    let writer: TokenSummarizer
    let blocks: [TTMBlock]
    let output: Linear
    @Parameter var initialMemory: Tensor
    @Parameter var readPositions: Tensor
    @Parameter var writePositions: Tensor

    /// The settings of `ttm`.
    public struct Config: MachineConfig {
        @Setting("memory_tokens", "memory tokens m", minimum: 1) public var memoryTokens = 16
        @Setting("read_tokens", "tokens r read per step and processed", minimum: 1) public var readTokens = 4
        @Setting("embedding_size", "token width d", minimum: 1) public var width = 32
        @Setting("layers", "Transformer blocks of the processing unit", minimum: 0) public var layers = 1
        @Setting("heads", "attention heads (must divide embedding_size)", minimum: 1) public var heads = 2
        @Setting("summarizer_hidden", "hidden width of the summarization MLP", minimum: 1)
        public var summarizerHidden = 32
        public var readout = ReadoutSettings()

        public init() {}

        public func problem() -> String? {
            let d = width
            let h = heads
            guard d % h != 0 else { return nil }
            // Divisors by trial division up to √d: listing 1...d would run for hours at a mistyped width.
            let small = (1...Swift.min(d, 1_000_000)).prefix { $0 * $0 <= d }.filter { d % $0 == 0 }
            let all = Set(small + small.map { d / $0 }).sorted()
            let shown = all.count > 24 ? all.prefix(24).map(String.init) + ["..."] : all.map(String.init)
            return "heads (\(h)) must divide embedding_size (\(d)); valid head counts: " + shown.joined(separator: ", ")
        }
    }

    public static let spec = MachineSpec(
        name: "ttm",
        summary: "Token Turing Machine: token-summarization read/write of m memory tokens around a small Transformer",
        config: Config.self, footprint: { MachineFootprint.ttm($0, $1) }
    ) { config, i, o, rng in
        TokenTuringMachine(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        memoryTokens = config.memoryTokens
        readTokens = config.readTokens
        width = config.width
        let tape = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        embed = Linear(tape, width, rng: &rng)
        let hidden = config.summarizerHidden
        reader = TokenSummarizer(width: width, outputs: readTokens, hiddenWidth: hidden, rng: &rng)
        writer = TokenSummarizer(width: width, outputs: memoryTokens, hiddenWidth: hidden, rng: &rng)
        var layers: [TTMBlock] = []
        for _ in 0..<config.layers { layers.append(TTMBlock(width: width, heads: config.heads, rng: &rng)) }
        blocks = layers
        output = Linear(width, outputSize, rng: &rng)
        _initialMemory = Parameter(wrappedValue: Tensor.normal([memoryTokens, width], std: 0.1, rng: &rng))
        _readPositions = Parameter(wrappedValue: Tensor.normal([memoryTokens + 1, width], std: 0.1, rng: &rng))
        _writePositions = Parameter(
            wrappedValue: Tensor.normal([memoryTokens + readTokens + 1, width], std: 0.1, rng: &rng))
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let steps = x.shape[1]
        let tokens = embed(x).split(parts: steps, axis: 1)
        var memory = initialMemory.expandingDims(at: 0).broadcast(to: [batch, memoryTokens, width])
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            let input = tokens[t]
            let readFrom = concat([memory, input], axis: 1) + readPositions
            var processed = reader(readFrom)
            for block in blocks { processed = block(processed) }
            let writeFrom = concat([memory, processed, input], axis: 1) + writePositions
            if let trace = context.trace {
                record(trace, read: reader.weights(readFrom), write: writer.weights(writeFrom), batch: batch)
            }
            memory = writer(writeFrom)
            outs.append(processed.mean(axis: 1))
        }
        return output(stack(outs, axis: 1))
    }

    /// The read and write weightings of a step, each token's importance averaged over the
    /// summarizer's outputs (α's columns each sum to 1, so their mean is a weighting too).
    private func record(_ trace: MachineTrace, read: Tensor, write: Tensor, batch: Int) {
        let memoryLabels = (0..<memoryTokens).map { "memory \($0)" }
        trace.append(
            TraceName.readWeights, .weights, labels: memoryLabels + ["input"],
            step: read.mean(axis: 2).reshaped([batch, memoryTokens + 1]))
        let writeLabels = memoryLabels + (0..<readTokens).map { "processed \($0)" } + ["input"]
        trace.append(
            TraceName.writeWeights, .weights, labels: writeLabels,
            step: write.mean(axis: 2).reshaped([batch, memoryTokens + readTokens + 1]))
    }
}
