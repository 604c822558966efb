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
        public static let hiddenSize = Setting("hidden_size", 256, "hidden units of the inner core", minimum: 1)
        public static let states = Setting("stack_states", 2, "states of the nondeterministic stack", minimum: 1)
        public static let symbols = Setting("stack_symbols", 2, "symbols of the nondeterministic stack", minimum: 1)
        public static let timeSlots = Setting(
            "stack_size", 30, "time slots of the stack graph; the stack freezes after stack_size - 1 steps", minimum: 2)
        public static let readStates = Setting(
            "read_states", false, "read the top (state, symbol) distribution, not only the top symbol")
        public static let settings = [
            hiddenSize.described, states.described, symbols.described, timeSlots.described,
            readStates.described,
        ]

        public var hiddenSize: Int, states: Int, symbols: Int, timeSlots: Int, readStates: Bool, computationSteps: Int

        public init(_ values: Hyperparameters) {
            hiddenSize = values[Self.hiddenSize]
            states = values[Self.states]
            symbols = values[Self.symbols]
            timeSlots = values[Self.timeSlots]
            readStates = values[Self.readStates]
            computationSteps = values[SharedSettings.computationSteps]
        }
    }

    public static let spec = MachineSpec(
        name: "ndstack_rnn", summary: "Elman RNN with a nondeterministic stack (Lang's algorithm, O(n^3) per sequence)",
        config: Config.self, memorySetting: Config.timeSlots, footprint: { MachineFootprint.ndstack($0, $1, $2) }
    ) { config, i, o, rng in
        NDStackRNN(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.computationSteps
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
