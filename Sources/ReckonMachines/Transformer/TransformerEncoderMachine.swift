import ReckonNN
import ReckonSupport
import ReckonTensor

/// `transformer_encoder`: the reference's Transformer encoder over the empty-targets tape, with a
/// linear readout at every position (docs/reference/transformer.md).
public final class TransformerEncoderMachine: Module, Machine {
    let encoder: TransformerEncoder
    let head: Linear
    public let computationStepsMultiplier: Int

    /// The settings of `transformer_encoder`: the shared Transformer settings and causal masking.
    public struct Config: MachineConfig {
        public var transformer = TransformerConfig()
        @Setting("causal_masking", "each position attends only to itself and earlier ones") public var causal = false

        public init() {}

        public var readout: ReadoutSettings { transformer.readout }
    }

    public static let spec = MachineSpec(
        name: "transformer_encoder",
        summary: "Transformer encoder (post-LN, 5x64, 8 heads) over the empty-targets tape",
        config: Config.self, footprint: { c, s in .transformer(c.transformer, s, decoder: false) }
    ) { config, i, o, rng in
        TransformerEncoderMachine(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.transformer.computationSteps
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        encoder = TransformerEncoder(inputWidth: width, config.transformer, causal: config.causal, rng: &rng)
        head = Linear(config.transformer.embeddingDim, outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let positions = encoder.positions(length: x.shape[1], context: &context)
        return head(encoder(x, positions: positions, context: &context))
    }
}
