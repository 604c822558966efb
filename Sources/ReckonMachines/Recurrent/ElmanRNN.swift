import ReckonNN
import ReckonTensor

/// Haiku's `hk.VanillaRNN` cell: h' = tanh(x·Wx + bx + h·Wh + bh) (both maps carry a bias).
public final class ElmanCell: Module {
    let inputToHidden: Linear
    let hiddenToHidden: Linear
    public let hiddenSize: Int

    public init(inputSize: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.hiddenSize = hiddenSize
        inputToHidden = Linear(inputSize, hiddenSize, rng: &rng)
        hiddenToHidden = Linear(hiddenSize, hiddenSize, rng: &rng)
        super.init()
    }

    /// The input projections of every step at once ([B, T, H]), so the loop only does h·Wh.
    public func project(_ x: Tensor) -> Tensor { inputToHidden(x) }

    /// One step given the already projected input.
    public func step(projected: Tensor, h: Tensor) -> Tensor { (projected + hiddenToHidden(h)).tanh() }

    /// One step from a raw input.
    public func step(_ x: Tensor, h: Tensor) -> Tensor { step(projected: inputToHidden(x), h: h) }
}

/// `rnn`: an Elman network (Haiku VanillaRNN core, hidden 256) with the reference head.
public final class ElmanRNN: Module, Machine, ComputationSteps {
    public let name = "rnn"
    let core: ElmanCell
    let head: RNNHead
    public let computationStepsMult: Int

    public init(inputSize: Int, outputSize: Int, hyperparameters hp: Hyperparameters, rng: inout RandomGenerator) {
        computationStepsMult = hp.int("computation_steps_mult")
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMult)
        core = ElmanCell(inputSize: width, hiddenSize: hp.int("hidden_size"), rng: &rng)
        head = RNNHead(hp.int("hidden_size"), outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0], steps = x.shape[1]
        // One split op for all steps: slicing per step would give each step a backward
        // pass the size of the whole sequence.
        let projected = core.project(x).split(parts: steps, axis: 1)
        var h = Tensor.zeros([batch, core.hiddenSize])
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            h = core.step(projected: projected[t].reshaped([batch, core.hiddenSize]), h: h)
            outs.append(h)
        }
        return head(stack(outs, axis: 1))
    }
}

/// `lstm`: Haiku's LSTM core (hidden 256) with the reference head, run by the fused sequence op.
public final class LSTMMachine: Module, Machine, ComputationSteps {
    public let name = "lstm"
    let core: LSTM
    let head: RNNHead
    public let computationStepsMult: Int

    public init(inputSize: Int, outputSize: Int, hyperparameters hp: Hyperparameters, rng: inout RandomGenerator) {
        computationStepsMult = hp.int("computation_steps_mult")
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMult)
        core = LSTM(inputSize: width, hiddenSize: hp.int("hidden_size"), rng: &rng)
        head = RNNHead(hp.int("hidden_size"), outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        head(core(x))
    }
}
