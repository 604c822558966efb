import ReckonNN
import ReckonSupport
import ReckonTensor

/// `lstm`: Haiku's LSTM core (hidden 256) with the reference head, run by the fused sequence op.
public final class LSTMMachine: Module, Machine {
    let core: LSTM
    let head: RNNHead
    public let computationStepsMultiplier: Int

    /// The settings of `lstm`, declared once here, where the machine reads them.
    public struct Config: MachineConfig {
        @Setting("hidden_size", "hidden units", minimum: 1) public var hiddenSize = 256
        public var readout = ReadoutSettings()

        public init() {}
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        core = LSTM(inputSize: width, hiddenSize: config.hiddenSize, rng: &rng)
        head = RNNHead(config.hiddenSize, outputSize, rng: &rng)
        super.init()
    }

    public static let spec = MachineSpec(
        name: "lstm", summary: "LSTM (Haiku gate order, forget bias 1), ReLU + linear readout",
        config: Config.self,
        footprint: { c, s in .recurrent(c.readout, s, hidden: c.hiddenSize, gates: 4) }
    ) { config, i, o, rng in
        LSTMMachine(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        head(core(x))
    }
}
