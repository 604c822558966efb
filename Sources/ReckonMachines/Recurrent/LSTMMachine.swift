import ReckonNN
import ReckonSupport
import ReckonTensor

/// `lstm`: Haiku's LSTM core (hidden 256) with the reference head, run by the fused sequence op.
public final class LSTMMachine: Module, Machine {
    let core: LSTM
    let head: RNNHead
    public let computationStepsMultiplier: Int

    public init(inputSize: Int, outputSize: Int, config: RecurrentConfig, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        core = LSTM(inputSize: width, hiddenSize: config.hiddenSize, rng: &rng)
        head = RNNHead(config.hiddenSize, outputSize, rng: &rng)
        super.init()
    }

    public static let spec = MachineSpec(
        name: "lstm", summary: "LSTM (Haiku gate order, forget bias 1), ReLU + linear readout",
        config: RecurrentConfig.self,
        footprint: { c, s in .recurrent(c.readout, s, hidden: c.hiddenSize, gates: 4) }
    ) { config, i, o, rng in
        LSTMMachine(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        head(core(x))
    }
}
