import ReckonNN
import ReckonSupport
import ReckonTensor

/// `ndstack_rnn`: a VanillaRNN core with a nondeterministic stack (the reference's
/// `NDStackRNNCore`), reading the distribution over top symbols, and the reference head.
public final class NDStackRNN: Module, Machine {
    let controller: MemoryController
    /// Logits of every push, pop and replace transition; one softmax over all of them.
    let actionLogits: Linear
    let head: RNNHead
    public let states: Int, symbols: Int, timeSlots: Int, readStates: Bool
    public let computationStepsMultiplier: Int

    /// The settings of `ndstack_rnn`.
    public struct Config: MachineConfig {
        @Setting("hidden_size", "hidden units of the inner core", minimum: 1) public var hiddenSize = 256
        @Setting("stack_states", "states of the nondeterministic stack", minimum: 1) public var states = 2
        @Setting("stack_symbols", "symbols of the nondeterministic stack", minimum: 1) public var symbols = 2
        @Setting(
            "stack_size", "time slots of the stack graph; the stack freezes after stack_size - 1 steps", minimum: 2)
        public var timeSlots = 30
        @Setting("read_states", "read the top (state, symbol) distribution, not only the top symbol")
        public var readStates = false
        public var readout = ReadoutSettings()

        public init() {}
    }

    public static let spec = MachineSpec(
        name: "ndstack_rnn", summary: "Elman RNN with a nondeterministic stack (Lang's algorithm, O(n^3) per sequence)",
        config: Config.self, memorySetting: \.$timeSlots, footprint: { MachineFootprint.ndstack($0, $1) }
    ) { config, i, o, rng in
        NDStackRNN(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        states = config.states
        symbols = config.symbols
        timeSlots = config.timeSlots
        readStates = config.readStates
        let hidden = config.hiddenSize
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        controller = MemoryController(
            .elman, inputWidth: width, readWidth: readStates ? states * symbols : symbols,
            hiddenSize: hidden, rng: &rng)
        actionLogits = Linear(hidden, NDStack.actionSizes(states: states, symbols: symbols).reduce(0, +), rng: &rng)
        head = RNNHead(hidden, outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let steps = x.shape[1]
        let prepared = controller.prepare(x)
        var ndstack = NDStack(
            batch: batch, states: states, symbols: symbols, timeSlots: timeSlots, readStates: readStates)
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
