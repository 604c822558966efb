import ReckonNN
import ReckonSupport
import ReckonTensor

/// `gru`: Haiku's GRU core with the reference's ReLU + linear head, the third recurrent cell of
/// the baselines beside `rnn` and `lstm`.
public final class GRUMachine: Module, Machine {
    let core: GRU
    let head: RNNHead
    public let computationStepsMultiplier: Int

    /// The settings of `gru`: each declared once, where it is stored.
    public struct Config: MachineConfig {
        @Setting("hidden_size", "hidden units", minimum: 1) public var hiddenSize = 256
        public var readout = ReadoutSettings()

        public init() {}
    }

    public static let spec = MachineSpec(
        name: "gru", summary: "GRU (Haiku gates z, r, a), ReLU + linear readout", config: Config.self,
        footprint: { c, s in .recurrent(c.readout, s, hidden: c.hiddenSize, gates: 3) }
    ) { config, i, o, rng in
        GRUMachine(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        core = GRU(inputSize: width, hiddenSize: config.hiddenSize, rng: &rng)
        head = RNNHead(config.hiddenSize, outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let h = core(x)
        context.trace?.record(TraceName.hidden, .state, sequence: h)
        return head(h)
    }
}

extension GRUMachine: RecurrentStepping {
    public var stateWidth: Int { core.hiddenSize }
    public func initialState(batch: Int) -> Tensor { Tensor.zeros([batch, core.hiddenSize]) }
    public func next(_ state: Tensor, reading x: Tensor) -> Tensor { core.step(x, h: state) }
    public func emission(_ state: Tensor) -> Tensor { head(state) }
}
