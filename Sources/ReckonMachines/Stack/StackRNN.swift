import ReckonNN
import ReckonSupport
import ReckonTensor

/// `stack_rnn` / `stack_lstm`: a VanillaRNN or LSTM core with `n_stacks` differentiable stacks
/// (the reference's `StackRNNCore`), read at the top, and the reference head.
public final class StackRNN: Module, Machine {
    let controller: MemoryController
    /// Push values, [H, n·C].
    let pushValues: Linear
    /// Action logits, [H, 3n]; one softmax over all of them, as the reference.
    let actionLogits: Linear
    let head: RNNHead
    public let stackCount: Int, stackSize: Int, cellSize: Int
    public let computationStepsMultiplier: Int

    /// The settings of `stack_rnn` and `stack_lstm`.
    public struct Config: MachineConfig {
        @Setting("hidden_size", "hidden units of the inner core", minimum: 1) public var hiddenSize = 256
        @Setting("stack_cell_size", "dimension of a stack entry", minimum: 1) public var cellSize = 8
        @Setting("stack_size", "entries per stack (deeper pushes fall off the bottom)", minimum: 2)
        public var stackSize = 30
        @Setting("n_stacks", "number of stacks", minimum: 1) public var stacks = 1
        public var readout = ReadoutSettings()

        public init() {}

        /// Stack machines keep n · stack_size · cell floats per step for the backward pass.
        func footprint(_ s: FootprintShape, gates: Double) -> MachineFootprint {
            let n = Double(stacks)
            let c = Double(cellSize)
            return .recurrent(
                readout, s, hidden: hiddenSize, gates: gates, readWidth: n * c,
                memoryPerStep: n * Double(stackSize) * c, extraParameters: Double(hiddenSize) * n * (c + 3))
        }
    }

    public static let elmanSpec = MachineSpec(
        name: "stack_rnn", summary: "Elman RNN with a differentiable stack (push, pop, no-op), ReLU + linear readout",
        config: Config.self, memorySetting: \.$stackSize, footprint: { c, s in c.footprint(s, gates: 1) }
    ) { config, i, o, rng in
        StackRNN(.elman, inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public static let lstmSpec = MachineSpec(
        name: "stack_lstm", summary: "LSTM with a differentiable stack (push, pop, no-op), ReLU + linear readout",
        config: Config.self, memorySetting: \.$stackSize, footprint: { c, s in c.footprint(s, gates: 4) }
    ) { config, i, o, rng in
        StackRNN(.lstm, inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(
        _ kind: MemoryController.Kind, inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator
    ) {
        computationStepsMultiplier = config.readout.computationSteps
        stackCount = config.stacks
        stackSize = config.stackSize
        cellSize = config.cellSize
        let hidden = config.hiddenSize
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        // Creation order as Haiku's: core, push values, actions, then the readout.
        controller = MemoryController(
            kind, inputWidth: width, readWidth: stackCount * cellSize, hiddenSize: hidden, rng: &rng)
        pushValues = Linear(hidden, stackCount * cellSize, rng: &rng)
        actionLogits = Linear(hidden, stackCount * StackUpdate.actionCount, rng: &rng)
        head = RNNHead(hidden, outputSize, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let steps = x.shape[1]
        let rows = batch * stackCount
        let prepared = controller.prepare(x)
        // Both heads read h_t: one matmul for both, split afterwards.
        let controlWeight = concat([pushValues.weight, actionLogits.weight], axis: 1)
        let controlBias = concat([pushValues.bias!.wrappedValue, actionLogits.bias!.wrappedValue], axis: 0)
        let pushWidth = stackCount * cellSize
        // All stacks as one batch of B·n stacks, stack-major within a batch row as the reference's [B, n, N, C].
        var stacks = Tensor.zeros([rows, stackSize, cellSize])
        let sources = StackUpdate.sources(depth: stackSize)
        var state = controller.initialState(batch: batch)
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            let read =
                t == 0
                ? Tensor.zeros([batch, pushWidth])
                : stacks.slice(axis: 1, 0..<1).reshaped([batch, pushWidth])
            state = controller.step(t, read: read, state: state, prepared: prepared)
            outs.append(state.h)
            context.trace?.append(TraceName.hidden, .state, step: state.h)
            // The last update is read by no one (the reference computes it and drops it).
            if t == steps - 1 { break }
            let control = (matmul(state.h, controlWeight) + controlBias).split(
                sizes: [pushWidth, stackCount * StackUpdate.actionCount], axis: 1)
            let actions = control[1].softmax(axis: -1).reshaped([rows, StackUpdate.actionCount])
            stacks = StackUpdate.apply(
                stack: stacks, actions: actions, pushValue: control[0].reshaped([rows, cellSize]), sources: sources)
            if let trace = context.trace { record(trace, actions: actions, stacks: stacks, batch: batch) }
        }
        return head(stack(outs, axis: 1))
    }

    /// Rows of the first stack shown by `reckon inspect` (the top and the two below it).
    static let tracedRows = 3

    /// The step's action probabilities of every stack and the first stack's top cells after the update.
    private func record(_ trace: MachineTrace, actions: Tensor, stacks: Tensor, batch: Int) {
        let names = ["push", "pop", "no-op"]
        let labels = (0..<stackCount).flatMap { k in names.map { stackCount == 1 ? $0 : "stack \(k + 1) \($0)" } }
        trace.append(
            TraceName.stackActions, .weights, labels: labels,
            step: actions.reshaped([batch, stackCount * StackUpdate.actionCount]))
        let rows = Swift.min(Self.tracedRows, stackSize)
        let top = stacks.reshaped([batch, stackCount, stackSize, cellSize]).slice(axis: 1, 0..<1)
            .slice(axis: 2, 0..<rows).reshaped([batch, rows * cellSize])
        let cellLabels = (0..<rows).flatMap { r in (0..<cellSize).map { "row \(r) [\($0)]" } }
        trace.append(TraceName.stackTop, .values, labels: cellLabels, step: top)
    }
}
