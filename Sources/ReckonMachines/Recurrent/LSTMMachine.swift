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
        let h = core(x)
        context.trace?.record(TraceName.hidden, .state, sequence: h)
        return head(h)
    }
}

/// The LSTM's state is h ‖ c: the cell state carries what h alone may not show.
extension LSTMMachine: RecurrentStepping {
    public var stateWidth: Int { 2 * core.hiddenSize }
    public func initialState(batch: Int) -> Tensor { Tensor.zeros([batch, 2 * core.hiddenSize]) }
    public func next(_ state: Tensor, reading x: Tensor) -> Tensor {
        let parts = state.split(parts: 2, axis: 1)
        let (h, c) = core.step(x, h: parts[0], c: parts[1])
        return concat([h, c], axis: 1)
    }
    public func emission(_ state: Tensor) -> Tensor { head(state.slice(axis: 1, 0..<core.hiddenSize)) }
}
