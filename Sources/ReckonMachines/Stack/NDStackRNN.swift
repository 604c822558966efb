import ReckonNN
import ReckonTensor

/// `ndstack_rnn`: a VanillaRNN core with a nondeterministic stack (the reference's
/// `NDStackRNNCore`), reading the distribution over top symbols, and the reference head.
public final class NDStackRNN: Module, Machine, ComputationSteps {
    public let name = "ndstack_rnn"
    let controller: MemoryController
    /// Logits of every push, pop and replace transition; one softmax over all of them.
    let actionLogits: Linear
    let head: RNNHead
    public let states: Int, symbols: Int, timeSlots: Int, readStates: Bool
    public let computationStepsMult: Int

    public init(inputSize: Int, outputSize: Int, hyperparameters hp: Hyperparameters, rng: inout RandomGenerator) {
        computationStepsMult = hp.int("computation_steps_mult")
        states = hp.int("stack_states"); symbols = hp.int("stack_symbols")
        timeSlots = hp.int("stack_size"); readStates = hp.bool("read_states")
        let hidden = hp.int("hidden_size")
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMult)
        controller = MemoryController(.elman, inputWidth: width, readWidth: readStates ? states * symbols : symbols,
                                      hiddenSize: hidden, rng: &rng)
        actionLogits = Linear(hidden, NDStack.actionSizes(states: states, symbols: symbols).reduce(0, +), rng: &rng)
        head = RNNHead(hidden, outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0], steps = x.shape[1]
        let prepared = controller.prepare(x)
        var ndstack = NDStack(batch: batch, states: states, symbols: symbols, timeSlots: timeSlots, readStates: readStates)
        var state = controller.initialState(batch: batch)
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            state = controller.step(t, read: ndstack.reading, state: state, prepared: prepared)
            outs.append(state.h)
            // The last update, and every update once the graph is full, changes no read.
            if t == steps - 1 || t + 1 >= timeSlots { continue }
            ndstack.update(actions: actionLogits(state.h).softmax(axis: -1))
        }
        return head(stack(outs, axis: 1))
    }
}
