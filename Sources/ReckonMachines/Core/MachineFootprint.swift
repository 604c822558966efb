/// What one machine needs, known before it is built: its parameter count, the floats a
/// forward pass holds per sequence, and the longest tape its settings allow.
///
/// Why: `--set hidden_size=1000000000` once died in an allocation with a 50-line trace. The
/// Lab multiplies these counts by the batch size and compares the total with the computer's
/// memory before anything is allocated. Counts are Doubles so a mistyped size gives a huge
/// number, not an Int overflow. They are rough: for every machine at its defaults, batch 128 and
/// reverse_string length 40, the estimate is within a factor of 2 of the measured peak RSS (lstm
/// 172 MB estimated, 165 MB measured; transformer 1123 and 612; rnn 74 and 129, which includes
/// the process's own ~40 MB). They only have to tell a run that fits from one that cannot.
public struct MachineFootprint: Equatable, Sendable {
    /// Trainable scalars.
    public var parameters: Double
    /// Floats the autodiff graph keeps for the backward pass, per sequence.
    public var trainingFloatsPerSequence: Double
    /// Floats alive at once in a forward pass without gradients, per sequence.
    public var inferenceFloatsPerSequence: Double
    /// The longest tape the settings allow in training and in evaluation (nil: no limit),
    /// and the setting that sets it.
    public var longestTrainingTape: Int?
    public var longestEvaluationTape: Int?
    public var tapeLimitSetting: String?

    public init(
        parameters: Double, trainingFloatsPerSequence: Double, inferenceFloatsPerSequence: Double,
        longestTrainingTape: Int? = nil, longestEvaluationTape: Int? = nil, tapeLimitSetting: String? = nil
    ) {
        self.parameters = parameters
        self.trainingFloatsPerSequence = trainingFloatsPerSequence
        self.inferenceFloatsPerSequence = inferenceFloatsPerSequence
        self.longestTrainingTape = longestTrainingTape
        self.longestEvaluationTape = longestEvaluationTape
        self.tapeLimitSetting = tapeLimitSetting
    }
}

/// The inputs of a footprint besides the machine's settings.
public struct FootprintShape: Sendable {
    /// Channels of one task input position (the one-hot width or the bit-vector width).
    public var inputSize: Int
    /// Classes (or bits) per output position.
    public var outputSize: Int
    /// Input positions before the readout pads the tape.
    public var inputLength: Int
    /// Output positions.
    public var outputLength: Int
    /// The task's T(n) at this length (`AlgorithmicTask.iterations(forLength:)`), if it names one.
    public var taskIterations: Int?
    /// Whether the task is next-symbol prediction: the input is the sequence so far behind a start
    /// symbol (the last input channel), the output the next symbol's distribution (`ctw` takes no other).
    public var predictsNextSymbol: Bool

    public init(
        inputSize: Int, outputSize: Int, inputLength: Int, outputLength: Int, taskIterations: Int? = nil,
        predictsNextSymbol: Bool = false
    ) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.inputLength = inputLength
        self.outputLength = outputLength
        self.taskIterations = taskIterations
        self.predictsNextSymbol = predictsNextSymbol
    }
}

extension MachineFootprint {
    /// The tape the machines see: input, `computation_steps_mult` blanks per input position,
    /// one blank per output (`Readout`).
    static func tape(_ readout: ReadoutSettings, _ shape: FootprintShape) -> (length: Double, width: Double) {
        let mult = readout.computationSteps
        // Doubles: a mistyped length must give a huge estimate, not an Int overflow.
        let length = Double(shape.inputLength) * (1 + Double(mult)) + Double(shape.outputLength)
        return (length, Double(Readout.tapeWidth(inputSize: shape.inputSize, computationStepsMultiplier: mult)))
    }

    /// An Elman (`gates` 1) or LSTM (`gates` 4) core reading `readWidth` extra channels, with
    /// `memoryPerStep` floats of stack or tape written each step, and the ReLU + linear head.
    /// The per-step factors count the step's pre-activations, activations and the copies the
    /// graph keeps, about 3 per gate block and 4 more per hidden unit.
    static func recurrent(
        _ readout: ReadoutSettings, _ shape: FootprintShape, hidden: Int, gates: Double,
        readWidth: Double = 0, memoryPerStep: Double = 0,
        extraParameters: Double = 0
    ) -> MachineFootprint {
        let (t, d) = tape(readout, shape)
        let h = Double(hidden)
        let o = Double(shape.outputSize)
        let parameters = gates * h * (d + readWidth + h + 1) + h * o + o + extraParameters
        let perStep = (3 * gates + 4) * h + 4 * memoryPerStep + 3 * o + d
        return MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: t * perStep,
            inferenceFloatsPerSequence: t * (h + 2 * o + d) + 4 * (gates * h + memoryPerStep))
    }

    /// The encoder (and, for the encoder-decoder, the decoder): in training every layer keeps
    /// its attention probabilities (heads · T², the fused `attention` op) and feed-forward
    /// activations for the backward pass; without gradients only relative encodings build
    /// heads · T² logits per sequence (the fused op's own T² scratch is per thread).
    static func transformer(
        _ c: TransformerConfig, _ shape: FootprintShape,
        decoder: Bool
    ) -> MachineFootprint {
        let (t, d) = tape(c.readout, shape)
        let width = Double(c.embeddingDim)
        let layers = Double(c.layers)
        let heads = Double(c.heads)
        let inner = heads * Double(c.headWidth)
        let ff = width * Double(c.wideningFactor)
        let o = Double(shape.outputSize)
        let stacks = decoder ? 2.0 : 1.0
        let encoding = c.encoding.rawValue
        let rows = encoding.hasPrefix("noisy") ? c.noiseMaxLength : c.maxSequenceLength
        let table = encoding.hasSuffix("learnt") ? Double(rows) * width : 0
        let perLayer = 4 * width * inner + 2 * width * ff + ff + 5 * width
        let parameters =
            stacks * layers * perLayer + (decoder ? layers * 4 * width * inner : 0)
            + d * width + width * o + o + table
        let relative = encoding.hasSuffix("relative")
        let activations = t * (8 * width + 4 * inner + 2 * ff) + (relative ? 3 : 1.5) * heads * t * t
        let training = stacks * layers * activations + (decoder ? layers * 1.5 * heads * t * t : 0) + t * (d + 3 * o)
        let inference = t * (4 * width + 2 * inner + ff + d + 2 * o) + (relative ? 2 * heads * t * t : 0)
        // Randomized encodings draw distinct positions below noise_max_length (PositionTables.sortedSample).
        var footprint = MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: training,
            inferenceFloatsPerSequence: inference)
        if encoding.hasPrefix("noisy") {
            let limit = c.noiseMaxLength - 1
            footprint.longestTrainingTape = limit
            footprint.longestEvaluationTape = c.randomizeInEvaluation ? limit : nil
            footprint.tapeLimitSetting = "noise_max_length"
        }
        return footprint
    }

    /// The looped transformer: one encoder-sized block whose graph is kept once per iteration in
    /// training (T = `iterations`, the task's T(n) or the input length, as the machine picks it).
    /// Evaluation keeps one iteration's activations and the best logits so far, whatever the cap.
    /// At its defaults on reverse_string length 40 (40 iterations), batch 16: 1.3 GB estimated for
    /// training, 2.0 GB peak RSS measured.
    static func looped(_ c: LoopedTransformer.Config, _ shape: FootprintShape) -> MachineFootprint {
        var f = transformer(c.transformer, shape, decoder: false)
        let (t, d) = tape(c.readout, shape)
        let iterations = Double(
            Swift.max(1, c.iterations > 0 ? c.iterations : shape.taskIterations ?? shape.inputLength))
        let width = Double(c.embeddingDim)
        let o = Double(shape.outputSize)
        // `transformer` counts one pass of the layers plus the tape and logits (t·(d + 3·o)); each
        // iteration also keeps h + e and the final LayerNorm's output. The final norm is 2·D parameters.
        let tapeAndLogits: Double = t * (d + 3 * o)
        let perPass: Double = f.trainingFloatsPerSequence - tapeAndLogits + 2 * t * width
        f.trainingFloatsPerSequence = iterations * perPass + tapeAndLogits
        f.inferenceFloatsPerSequence += 2 * t * o
        f.parameters += 2 * width
        return f
    }

    /// Lang's nondeterministic stack keeps γ columns that grow with the step, O(n³) floats over
    /// a sequence of n ≤ stack_size steps.
    static func ndstack(_ c: NDStackRNN.Config, _ shape: FootprintShape) -> MachineFootprint {
        let q = Double(c.states)
        let s = Double(c.symbols)
        let read = c.readStates ? q * s : s
        let hidden = c.hiddenSize
        let actions = 2 * (q * s) * (q * s) + q * q * s
        var f = recurrent(
            c.readout, shape, hidden: hidden, gates: 1, readWidth: read,
            extraParameters: Double(hidden) * actions)
        let n = Swift.min(tape(c.readout, shape).length, Double(c.timeSlots))
        let graph = (q * s) * (q * s) * (n * n * n / 3 + 4 * n * n) + n * actions * 3
        f.trainingFloatsPerSequence += graph
        f.inferenceFloatsPerSequence += (q * s) * (q * s) * (n * n * n / 6 + 2 * n * n)
        return f
    }

    /// The NTM: an LSTM controller, the memory matrix rewritten every step, and the two heads' addressing.
    static func ntm(_ c: NTM.Config, _ shape: FootprintShape) -> MachineFootprint {
        let n = Double(c.rows)
        let m = Double(c.width)
        let hidden = c.controllerSize
        let shift = Double(c.shiftWidth)
        let h = Double(hidden)
        let heads = h * (4 * m + 6 + 2 * shift) + m * Double(shape.outputSize)
        return recurrent(
            c.readout, shape, hidden: hidden, gates: 4, readWidth: m,
            memoryPerStep: n * m + 8 * n + 2 * shift * n, extraParameters: heads + n * m)
    }

    /// MemN2N attends from every tape position to the input positions, once per hop.
    static func memn2n(_ c: MemN2N.Config, _ shape: FootprintShape) -> MachineFootprint {
        let (t, d) = tape(c.readout, shape)
        let hops = Double(c.hops)
        let e = Double(c.embeddingSize)
        let p = Double(c.positionWidth)
        let slots = Swift.max(Double(shape.inputLength), 1)
        let o = Double(shape.outputSize)
        let parameters = (hops + 1) * (d + p) * e + e * o + o
        let perHop = 3 * t * slots + 3 * (t + slots) * e
        return MachineFootprint(
            parameters: parameters,
            trainingFloatsPerSequence: hops * perHop + (t + slots) * (d + p) + 3 * t * o,
            inferenceFloatsPerSequence: perHop + (t + slots) * (d + p) + 2 * t * o)
    }

    /// The Token Turing Machine: each step reads and rewrites m memory tokens of width d.
    static func ttm(_ c: TokenTuringMachine.Config, _ shape: FootprintShape) -> MachineFootprint {
        let (t, d) = tape(c.readout, shape)
        let mem = Double(c.memoryTokens)
        let read = Double(c.readTokens)
        let w = Double(c.width)
        let layers = Double(c.layers)
        let heads = Double(c.heads)
        let sh = Double(c.summarizerHidden)
        let o = Double(shape.outputSize)
        let parameters =
            d * w + 2 * (w * sh + sh * (mem + read)) + layers * 12 * w * w
            + (3 * mem + read + 2) * w + w * o
        let tokens = 2 * mem + 2 * read + 2
        let perStep = tokens * (4 * sh + 6 * w) + layers * read * (14 * w + 3 * heads * read) + 3 * o
        return MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: t * perStep,
            inferenceFloatsPerSequence: t * (w + 2 * o + d) + 2 * perStep)
    }
}
