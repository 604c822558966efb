import ReckonNN
import ReckonSupport
import ReckonTensor

/// `universal_transformer` (Dehghani et al. 2019): one weight-tied post-LN encoder layer applied
/// repeatedly over the empty-targets tape, with sin/cos position and timestep signals added to
/// the state at the start of every step; per-position ACT halting (t2t's "basic" ACT) or a
/// fixed number of steps; a linear readout at every position.
public final class UniversalTransformer: Module, Machine {
    let tokens: Linear
    let layer: EncoderLayer
    let halting: HaltingUnit?
    let head: Linear
    let transformer: TransformerConfig
    let mode: Halting
    let maxSteps: Int
    let epsilon: Double
    let ponderCost: Float
    public let computationStepsMultiplier: Int

    /// How the number of steps is chosen.
    public enum Halting: String, SettingChoice {
        /// Per-position ACT, as t2t's `universal_transformer_act` with `act_type` "basic".
        case act
        /// Exactly max_steps steps for every position.
        case fixed
    }

    /// The settings of `universal_transformer`: the encoder layer's (named as the Transformer's)
    /// and the recurrence's.
    public struct Config: MachineConfig {
        @Setting("embedding_dim", "model width D", minimum: 1) public var embeddingDim = 64
        @Setting("num_heads", "attention heads", minimum: 1) public var heads = 8
        @Setting("num_hiddens_per_head", "width per head; 0 means embedding_dim / num_heads", minimum: 0)
        public var hiddensPerHead = 0
        @Setting("widening_factor", "feed-forward hidden width as a multiple of embedding_dim", minimum: 1)
        public var wideningFactor = 4
        @Setting("dropout_prob", "dropout rate, applied in training only", minimum: 0, below: 1)
        public var dropout = 0.1
        @Setting("emb_init_scale", "std of the token embedding's initialization", minimum: 0)
        public var embeddingInitStd = 0.02
        @Setting("max_time", "longest wavelength of the position and timestep signals", minimum: 1)
        public var maxTime = 10_000.0
        @Setting("halting", "act: each position halts by ACT; fixed: max_steps steps") public var halting = Halting.act
        // t2t's act_max_steps defaults to 2 × num_hidden_layers; 8 is that for a 4-layer base.
        @Setting("max_steps", "steps of the shared layer (the cap under act)", minimum: 1) public var maxSteps = 8
        // t2t: act_loss_weight 0.01, act_epsilon 0.01.
        @Setting("ponder_cost", "weight of the ponder cost mean(N + R) in the loss (act)", minimum: 0)
        public var ponderCost = 0.01
        @Setting("halting_epsilon", "a position halts once its halting probabilities sum to 1 - ε", above: 0, below: 1)
        public var haltingEpsilon = 0.01
        public var readout = ReadoutSettings()

        public init() {}

        /// The shared layer's settings in the Transformer's terms: one layer, no positional
        /// encoding inside attention (the signals are added to the state instead).
        var transformer: TransformerConfig {
            var t = TransformerConfig()
            t.embeddingDim = embeddingDim
            t.layers = 1
            t.heads = heads
            t.hiddensPerHead = hiddensPerHead
            t.wideningFactor = wideningFactor
            t.dropout = dropout
            t.embeddingInitStd = embeddingInitStd
            t.encoding = .sinCos
            t.maxTime = maxTime
            t.readout = readout
            return t
        }

        public func problem() -> String? { transformer.problem() }

        /// One layer's parameters; in training every step keeps a layer's activations.
        func footprint(_ s: FootprintShape) -> MachineFootprint {
            let one = transformer
            var steps = one
            steps.layers = maxSteps
            var f = MachineFootprint.transformer(one, s, decoder: false)
            let t = MachineFootprint.tape(readout, s).length
            f.parameters += Double(embeddingDim + 1)
            // Per step, the halting probabilities, weights and the interpolated state.
            f.trainingFloatsPerSequence =
                MachineFootprint.transformer(steps, s, decoder: false).trainingFloatsPerSequence
                + Double(maxSteps) * t * Double(2 * embeddingDim + 4)
            f.inferenceFloatsPerSequence += t * Double(2 * embeddingDim)
            return f
        }
    }

    public static let spec = MachineSpec(
        name: "universal_transformer",
        summary: "Universal Transformer: one shared post-LN encoder layer repeated, ACT per position or fixed steps",
        config: Config.self, footprint: { c, s in c.footprint(s) }
    ) { config, i, o, rng in
        UniversalTransformer(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        transformer = config.transformer
        computationStepsMultiplier = config.readout.computationSteps
        mode = config.halting
        maxSteps = config.maxSteps
        epsilon = config.haltingEpsilon
        ponderCost = Float(config.ponderCost)
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        tokens = Linear(
            width, config.embeddingDim, bias: false,
            weightInit: .truncatedNormal(std: transformer.embeddingInitScale), rng: &rng)
        layer = EncoderLayer(transformer, rng: &rng)
        head = Linear(config.embeddingDim, outputSize, rng: &rng)
        // Drawn last, so a fixed-steps machine from the same seed has the same other weights.
        halting = config.halting == .act ? HaltingUnit(config.embeddingDim, rng: &rng) : nil
        super.init()
    }

    /// The position signal plus the timestep signal of `step` (1-based), [L, D]: Dehghani et al.'s
    /// P^t_{i,2j} = sin(i/10000^{2j/d}) + sin(t/10000^{2j/d}) (and cos for odd 2j+1), here with
    /// Reckon's sin/cos table, which puts the sines in the first half of the width and the cosines
    /// in the second, as t2t's `get_timing_signal_1d` does. Positions count from 0, as t2t's.
    func signals(positions: Tensor, step: Int) -> Tensor {
        positions
            + PositionTables.sinusoid([Double(step)], width: transformer.embeddingDim, maxTime: transformer.maxTime)
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let length = x.shape[1]
        let items = batch * length
        let positionSignal = PositionTables.sinusoid(
            (0..<length).map(Double.init), width: transformer.embeddingDim, maxTime: transformer.maxTime)
        let attention = transformer.attentionPositions(
            queries: length, keys: length, shift: 0, selfAttention: true, context: &context)
        // H^0: the token embeddings, scaled by √D as the Transformer machines' are.
        var state = tokens(x) * Float(transformer.embeddingDim).squareRoot()
        func transform(_ input: Tensor, context: inout ForwardContext) -> Tensor {
            layer(input, positions: attention, causal: false, rate: transformer.dropout, context: &context)
        }
        guard let halting else {
            for step in 1...maxSteps {
                state = transform(state + signals(positions: positionSignal, step: step), context: &context)
            }
            // Every position takes max_steps steps: recorded so fixed and ACT runs plot on one axis.
            context.recordSteps(Double(maxSteps * items), over: items)
            return head(state)
        }
        // t2t's ACT loop: p from the step's input (state plus signals); the layer transforms
        // every position, halted or not (halted ones are still attended to), while the output
        // interpolates new = w·transformed + (1 − w)·previous from previous = 0, so a halted
        // position's output (w = 0) stays as it was.
        var record = AdaptiveComputation(items: items, epsilon: epsilon, maxSteps: maxSteps)
        var output = Tensor.zeros(state.shape)
        var step = 0
        while !record.allHalted {
            step += 1
            let input = state + signals(positions: positionSignal, step: step)
            let w = record.weights(halting: halting(input).reshaped([items, 1])).reshaped([batch, length, 1])
            state = transform(input, context: &context)
            output = state * w + output * (1 - w)
        }
        if context.training, ponderCost > 0 { context.addLoss(record.ponder.mean() * ponderCost) }
        context.recordSteps(record.totalPonder, over: items)
        context.trace?.record(TraceName.ponder, .count, sequence: record.ponder.detached.reshaped([batch, length, 1]))
        return head(output)
    }
}
