import ReckonNN
import ReckonSupport
import ReckonTensor

/// `transformer`: the reference's encoder–decoder, trained with teacher forcing and decoded
/// greedily (`add_sampling_to_autoregressive_model`; docs/reference/transformer.md).
public final class TransformerMachine: Module, Machine {
    public var isAutoregressive: Bool { true }
    let encoder: TransformerEncoder
    let decoder: TransformerDecoder
    let head: Linear
    let outputSize: Int
    public let computationStepsMultiplier: Int

    public static let spec = MachineSpec(
        name: "transformer",
        summary: "Transformer encoder-decoder, teacher-forced in training, greedy decoding otherwise",
        config: TransformerConfig.self, footprint: { c, s in .transformer(c, s, decoder: true) }
    ) { config, i, o, rng in
        TransformerMachine(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: TransformerConfig, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.computationSteps
        self.outputSize = outputSize
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        encoder = TransformerEncoder(inputWidth: width, config, causal: false, rng: &rng)
        decoder = TransformerDecoder(outputSize: outputSize, config, rng: &rng)
        head = Linear(config.embeddingDim, outputSize, rng: &rng)
        super.init()
    }

    /// Teacher forcing when `targets` are given, greedy decoding otherwise.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        // The encoder sees the input and any computation tokens, but no output blanks.
        let source = Readout.tape(x, outputLength: 0, computationStepsMultiplier: computationStepsMultiplier)
        return decode(source: source, outputLength: outputLength, targets: targets, context: &context)
    }

    /// For callers of the tape interface: the tape's leading `inputLength·(1 + m)` rows are the
    /// encoder input and its remaining rows count the outputs, which are decoded greedily;
    /// rows before them get zero logits.
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let sourceLength = inputLength * (1 + computationStepsMultiplier)
        let outputLength = x.shape[1] - sourceLength
        let out = decode(
            source: x.slice(axis: 1, 0..<sourceLength), outputLength: outputLength, targets: nil, context: &context)
        return out.padded(axis: 1, before: sourceLength, after: 0)
    }

    private func decode(source: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let batch = source.shape[0]
        let encoderPositions = encoder.positions(length: source.shape[1], context: &context)
        let decoderPositions = decoder.positions(
            outputLength: outputLength, inputLength: source.shape[1], context: &context)
        let encoded = encoder(source, positions: encoderPositions, context: &context)
        if let targets {
            precondition(
                targets.shape == [batch, outputLength, outputSize], "targets must be one-hot [B, T_out, outputSize]")
            let ids = Self.shiftedRight(targets.argmaxLastAxis(), batch: batch, start: decoder.startToken)
            return head(
                decoder(ids: ids, batch: batch, encoded: encoded, positions: decoderPositions, context: &context))
        }
        // Greedy: step t feeds ŷ_{t−1} (the start token at t = 0) and keeps the logits at t. The
        // decoder is causal, so earlier steps' keys and values are final: each step runs one token.
        var caches = [MultiHeadAttention.ProjectedMemory?](repeating: nil, count: decoder.layers.count)
        let cross = decoder.projectEncoded(encoded)
        var tokens = [Int](repeating: decoder.startToken, count: batch)
        var steps: [Tensor] = []
        for t in 0..<outputLength {
            let step = head(
                decoder.step(
                    ids: tokens, at: t, caches: &caches, cross: cross, positions: decoderPositions,
                    context: &context))
            steps.append(step)
            tokens = step.argmaxLastAxis()
        }
        return steps.count == 1 ? steps[0] : concat(steps, axis: 1)
    }

    /// [start, y₀ … y_{T−2}] per row (the reference's `shift_right`).
    static func shiftedRight(_ ids: [Int], batch: Int, start: Int) -> [Int] {
        let length = ids.count / batch
        return (0..<batch).flatMap { b in [start] + ids[(b * length)..<(b * length + length - 1)] }
    }
}
