import ReckonNN
import ReckonTensor

/// `transformer_encoder`: the reference's Transformer encoder over the empty-targets tape, with a
/// linear readout at every position (docs/reference/transformer.md).
public final class TransformerEncoderMachine: Module, Machine, ComputationSteps {
    public let name = "transformer_encoder"
    let encoder: TransformerEncoder
    let head: Linear
    public let computationStepsMult: Int

    public init(inputSize: Int, outputSize: Int, hyperparameters hp: Hyperparameters, rng: inout RandomGenerator) {
        computationStepsMult = hp.int("computation_steps_mult")
        let config = TransformerConfig(hp)
        encoder = TransformerEncoder(inputWidth: Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMult),
                                     config, causal: hp.bool("causal_masking"), rng: &rng)
        head = Linear(config.embeddingDim, outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let positions = encoder.positions(length: x.shape[1], context: &context)
        return head(encoder(x, positions: positions, context: &context))
    }
}
