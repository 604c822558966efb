import ReckonNN
import ReckonSupport
import ReckonTensor

/// `rnn`: an Elman network (Haiku VanillaRNN core, hidden 256) with the reference head.
public final class ElmanRNN: Module, Machine {
    let core: ElmanCell
    let head: RNNHead
    public let computationStepsMultiplier: Int

    /// The settings of `rnn`, declared once here, where the machine reads them.
    public struct Config: MachineConfig {
        @Setting("hidden_size", "hidden units", minimum: 1) public var hiddenSize = 256
        public var readout = ReadoutSettings()

        public init() {}
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        core = ElmanCell(inputSize: width, hiddenSize: config.hiddenSize, rng: &rng)
        head = RNNHead(config.hiddenSize, outputSize, rng: &rng)
        super.init()
    }

    public static let spec = MachineSpec(
        name: "rnn", summary: "Elman RNN (Haiku VanillaRNN core), ReLU + linear readout", config: Config.self,
        footprint: { c, s in .recurrent(c.readout, s, hidden: c.hiddenSize, gates: 1) }
    ) { config, i, o, rng in
        ElmanRNN(inputSize: i, outputSize: o, config: config, rng: &rng)
    }
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let steps = x.shape[1]
        // One split op for all steps: slicing per step would give each step a backward
        // pass the size of the whole sequence.
        let projected = core.project(x).split(parts: steps, axis: 1)
        var h = Tensor.zeros([batch, core.hiddenSize])
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            h = core.step(projected: projected[t].reshaped([batch, core.hiddenSize]), h: h)
            outs.append(h)
            context.trace?.append(TraceName.hidden, .state, step: h)
        }
        return head(stack(outs, axis: 1))
    }
}

extension ElmanRNN: RecurrentStepping {
    public var stateWidth: Int { core.hiddenSize }
    public func initialState(batch: Int) -> Tensor { Tensor.zeros([batch, core.hiddenSize]) }
    public func next(_ state: Tensor, reading x: Tensor) -> Tensor { core.step(x, h: state) }
    public func emission(_ state: Tensor) -> Tensor { head(state) }
}
