import ReckonNN
import ReckonSupport
import ReckonTensor

/// `seq2seq_lstm` and `seq2seq_attention` (Sutskever et al. 2014; Bahdanau et al. 2015), the
/// baselines of Vinyals et al. 2015: an LSTM encoder, an LSTM decoder fed its previous output as
/// a one-hot id, and a linear head over a fixed output vocabulary (`outputSize`; for pointer
/// tasks the positions of the longest training input, so it cannot answer past them). With
/// attention the head also reads the softmax-weighted encoder states. Teacher-forced in
/// training, greedy otherwise.
public final class Seq2Seq: Module, Machine {
    public var isAutoregressive: Bool { true }
    public var computationStepsMultiplier: Int { 0 }
    let encoder: LSTM
    /// Reads the previous output id one-hot, plus the start id `outputSize`.
    let decoder: LSTM
    let attention: PointerAttention?
    let head: Linear
    let outputSize: Int

    public static let lstmSpec = MachineSpec(
        name: "seq2seq_lstm", summary: "LSTM encoder-decoder over a fixed output vocabulary (no attention)",
        config: Seq2SeqConfig.self, footprint: { c, s in footprint(c, s, attention: false) }
    ) { config, i, o, rng in
        Seq2Seq(inputSize: i, outputSize: o, config: config, attention: false, rng: &rng)
    }

    public static let attentionSpec = MachineSpec(
        name: "seq2seq_attention", summary: "LSTM encoder-decoder with additive attention, fixed output vocabulary",
        config: Seq2SeqConfig.self, footprint: { c, s in footprint(c, s, attention: true) }
    ) { config, i, o, rng in
        Seq2Seq(inputSize: i, outputSize: o, config: config, attention: true, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Seq2SeqConfig, attention: Bool, rng: inout RandomGenerator) {
        let h = config.hiddenSize
        self.outputSize = outputSize
        encoder = LSTM(inputSize: inputSize, hiddenSize: h, rng: &rng)
        decoder = LSTM(inputSize: outputSize + 1, hiddenSize: h, rng: &rng)
        self.attention = attention ? PointerAttention(hiddenSize: h, width: h, rng: &rng) : nil
        head = Linear(attention ? 2 * h : h, outputSize, rng: &rng)
        super.init()
    }

    /// Logits [B, T_out, outputSize]; `targets` ([B, T_out, C], one-hot) select teacher forcing.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let (encoded, h0, c0) = encoder.encode(x)
        let projected = attention?.project(encoded)
        var state = (h0, c0)
        func readout(_ states: Tensor) -> Tensor {
            guard let attention, let projected else { return head(states) }
            let read = attention.glimpse(projected: projected, encoded: encoded, queries: states, bias: nil)
            return head(concat([states, read], axis: 2))
        }
        if let targets {
            // [start, y₀ … y_{T−2}]; an id past the vocabulary (never in training) is clamped.
            let ids = targets.argmaxLastAxis().map { Swift.min($0, outputSize - 1) }
            let shifted = (0..<batch).flatMap { b in
                [outputSize] + ids[(b * outputLength)..<(b * outputLength + outputLength - 1)]
            }
            let inputs = oneHot(shifted, idShape: [batch, outputLength], depth: outputSize + 1)
            let states = decoder.sequence(inputs, h0: state.0, c0: state.1).hs
            return readout(states)
        }
        var ids = [Int](repeating: outputSize, count: batch)
        var steps: [Tensor] = []
        for _ in 0..<outputLength {
            state = decoder.step(oneHot(ids, idShape: [batch], depth: outputSize + 1), h: state.0, c: state.1)
            let step = readout(state.0.expandingDims(at: 1))
            steps.append(step)
            ids = step.argmaxLastAxis()
        }
        return steps.count == 1 ? steps[0] : concat(steps, axis: 1)
    }

    /// For callers of the tape interface: the first `inputLength` rows of the tape (without the
    /// readout's extra channel) are the input; the remaining rows count the outputs, decoded
    /// greedily. Rows before them get zero logits.
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let input = x.slice(axis: 1, 0..<inputLength).slice(axis: 2, 0..<encoder.inputSize)
        let out = logits(input: input, outputLength: x.shape[1] - inputLength, targets: nil, context: &context)
        return out.padded(axis: 1, before: inputLength, after: 0)
    }

    /// Two LSTMs, the head, and with attention the T·n·H attention sums of training.
    static func footprint(_ c: Seq2SeqConfig, _ s: FootprintShape, attention: Bool) -> MachineFootprint {
        let h = Double(c.hiddenSize)
        let d = Double(s.inputSize)
        let o = Double(s.outputSize)
        let n = Double(s.inputLength)
        let t = Double(s.outputLength)
        let parameters =
            4 * h * (d + h + 1) + 4 * h * (o + 1 + h + 1) + (attention ? 2 * h * h + 2 * h + 2 * h * o : h * o) + o
        let sums = attention ? 3 * t * n * h : 0
        return MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: (n + t) * (16 * h + d + o) + t * 3 * o + sums,
            inferenceFloatsPerSequence: n * (2 * h + d) + (attention ? 2 * n * h : 0) + 8 * h + 2 * o)
    }
}
