import ReckonNN
import ReckonSupport
import ReckonTensor

/// `pointer_net` (Vinyals et al. 2015): an LSTM encoder over the input rows, an LSTM decoder fed
/// the row it pointed at last, and additive attention whose scores over the input positions are
/// the output logits, so one set of weights serves every input length. Teacher-forced in
/// training (the whole decoder runs as one fused LSTM sequence), greedy otherwise.
public final class PointerNet: Module, Machine {
    public var isAutoregressive: Bool { true }
    public var computationStepsMultiplier: Int { 0 }
    let encoder: LSTM
    /// Reads the previous choice's input row plus a start flag (the paper's ⇒ token).
    let decoder: LSTM
    let pointer: PointerAttention
    let glimpseAttention: PointerAttention?
    let glimpses: Int
    let maskChosen: Bool
    let inputSize: Int

    /// A logit no position reaches when it is masked, still finite so sums stay finite.
    static let masked: Float = -1e9

    public static let spec = MachineSpec(
        name: "pointer_net",
        summary: "Pointer Network: LSTM encoder-decoder whose attention over input positions is the output",
        config: PointerNetConfig.self, footprint: { c, s in footprint(c, s) }
    ) { config, i, _, rng in
        PointerNet(inputSize: i, config: config, rng: &rng)
    }

    public init(inputSize: Int, config: PointerNetConfig, rng: inout RandomGenerator) {
        self.inputSize = inputSize
        let h = config.hiddenSize
        encoder = LSTM(inputSize: inputSize, hiddenSize: h, rng: &rng)
        decoder = LSTM(inputSize: inputSize + 1, hiddenSize: h, rng: &rng)
        pointer = PointerAttention(hiddenSize: h, width: h, rng: &rng)
        glimpseAttention = config.glimpses > 0 ? PointerAttention(hiddenSize: h, width: h, rng: &rng) : nil
        glimpses = config.glimpses
        maskChosen = config.maskChosen
        super.init()
    }

    /// Logits [B, T_out, n] over the n input positions of x [B, n, inputSize]. `targets`
    /// ([B, T_out, n], one-hot positions) select teacher forcing.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let n = x.shape[1]
        let (encoded, h0, c0) = encoder.encode(x)
        let refs = pointer.project(encoded)
        let glimpseRefs = glimpseAttention?.project(encoded)
        if let targets {
            precondition(targets.shape == [batch, outputLength, n], "targets must be one-hot positions [B, T_out, n]")
            // Step t reads the row chosen at t − 1 (a product with the one-hot targets), step 0 the start flag.
            let chosen =
                outputLength == 1
                ? Tensor.zeros([batch, 1, inputSize])
                : matmul(targets, x).slice(axis: 1, 0..<(outputLength - 1)).padded(axis: 1, before: 1, after: 0)
            let flag = Tensor(
                (0..<(batch * outputLength)).map { $0 % outputLength == 0 ? 1 : 0 },
                shape: [batch, outputLength, 1])
            let states = decoder.sequence(concat([chosen, flag], axis: 2), h0: h0, c0: c0).hs
            let bias =
                maskChosen ? Self.chosenBias(targets.argmaxLastAxis(), batch: batch, steps: outputLength, n: n) : nil
            return point(states, encoded: encoded, refs: refs, glimpseRefs: glimpseRefs, bias: bias)
        }
        return decodeGreedily(
            x, outputLength: outputLength, encoded: encoded, refs: refs, glimpseRefs: glimpseRefs,
            state: (h0, c0))
    }

    /// For callers of the tape interface: the first `inputLength` rows of the tape (without the
    /// readout's extra channel) are the input; the remaining rows count the outputs, decoded
    /// greedily. Rows before them get zero logits; the width is the input length.
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let input = x.slice(axis: 1, 0..<inputLength).slice(axis: 2, 0..<inputSize)
        let out = logits(input: input, outputLength: x.shape[1] - inputLength, targets: nil, context: &context)
        return out.padded(axis: 1, before: inputLength, after: 0)
    }

    /// Pointer scores [B, T, n] for decoder states [B, T, H], after the glimpses.
    func point(_ states: Tensor, encoded: Tensor, refs: Tensor, glimpseRefs: Tensor?, bias: Tensor?) -> Tensor {
        var query = states
        if let glimpseAttention, let glimpseRefs {
            for _ in 0..<glimpses {
                query = glimpseAttention.glimpse(projected: glimpseRefs, encoded: encoded, queries: query, bias: bias)
            }
        }
        let scores = pointer.scores(projected: refs, queries: query)
        return bias.map { scores + $0 } ?? scores
    }

    /// Step by step, feeding back the row of the position with the highest score.
    func decodeGreedily(
        _ x: Tensor, outputLength: Int, encoded: Tensor, refs: Tensor, glimpseRefs: Tensor?,
        state: (Tensor, Tensor)
    ) -> Tensor {
        let batch = x.shape[0]
        let n = x.shape[1]
        let rows = x.reshaped([batch * n, inputSize])
        var (h, c) = state
        var input = concat([Tensor.zeros([batch, inputSize]), Tensor(shape: [batch, 1], repeating: 1)], axis: 1)
        var chosen = [Bool](repeating: false, count: batch * n)
        var steps: [Tensor] = []
        for _ in 0..<outputLength {
            (h, c) = decoder.step(input, h: h, c: c)
            let bias = maskChosen ? Tensor(chosen.map { $0 ? Self.masked : 0 }, shape: [batch, 1, n]) : nil
            let step = point(h.expandingDims(at: 1), encoded: encoded, refs: refs, glimpseRefs: glimpseRefs, bias: bias)
            steps.append(step)
            let picks = step.argmaxLastAxis()
            for (b, j) in picks.enumerated() { chosen[b * n + j] = true }
            input = concat(
                [
                    rows.indexSelect(axis: 0, picks.enumerated().map { $0.offset * n + $0.element }),
                    Tensor.zeros([batch, 1]),
                ], axis: 1)
        }
        return steps.count == 1 ? steps[0] : concat(steps, axis: 1)
    }

    /// [B, T, n]: `masked` where position j was chosen at a step before t, else 0.
    static func chosenBias(_ picks: [Int], batch: Int, steps: Int, n: Int) -> Tensor {
        var bias = [Float](repeating: 0, count: batch * steps * n)
        for b in 0..<batch {
            for t in 1..<Swift.max(steps, 1) {
                for s in 0..<t { bias[(b * steps + t) * n + picks[b * steps + s]] = masked }
            }
        }
        return Tensor(bias, shape: [batch, steps, n])
    }

    /// Two LSTMs and the attention; training keeps the T·n·H attention sums (and the glimpses').
    static func footprint(_ c: PointerNetConfig, _ s: FootprintShape) -> MachineFootprint {
        let h = Double(c.hiddenSize)
        let d = Double(s.inputSize)
        let n = Double(s.inputLength)
        let t = Double(s.outputLength)
        let g = Double(c.glimpses)
        let attention = 2 * h * h + 2 * h
        let parameters = 4 * h * (d + h + 1) + 4 * h * (d + 1 + h + 1) + attention * (g > 0 ? 2 : 1)
        let perStep = 16 * h + d
        let sums = t * n * h * (1 + g)
        return MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: (n + t) * perStep + 3 * sums,
            inferenceFloatsPerSequence: n * (2 * h + d) + 2 * n * h + 8 * h)
    }
}
