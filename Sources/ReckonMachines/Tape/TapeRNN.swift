import ReckonNN
import ReckonSupport
import ReckonTensor

/// `tape_rnn`: a VanillaRNN core with `n_tapes` rotating memory tapes whose actions include
/// jumps by the input length (the reference's `TapeInputLengthJumpCore`), and the reference head.
public final class TapeRNN: Module, Machine {
    let controller: MemoryController
    /// The write-value MLP (`hk.nets.MLP([64, 64, n·C])`): ReLU between layers, none after the last.
    let writeLayers: [Linear]
    /// One action layer per tape, each with its own softmax, as the reference.
    let actionLayers: [Linear]
    let head: RNNHead
    public let tapeCount: Int, tapeSize: Int, cellSize: Int
    public let computationStepsMultiplier: Int
    /// The reference's `mlp_layers_size` default.
    public static let writeHiddenSizes = [64, 64]

    /// The settings of `tape_rnn`.
    public struct Config: MachineConfig {
        @Setting("hidden_size", "hidden units of the inner core", minimum: 1) public var hiddenSize = 256
        @Setting("memory_cell_size", "dimension of a tape cell", minimum: 1) public var cellSize = 8
        @Setting("memory_size", "cells per tape (the tape wraps around)", minimum: 1) public var tapeSize = 40
        @Setting("n_tapes", "number of tapes", minimum: 1) public var tapes = 1
        public var readout = ReadoutSettings()

        public init() {}
    }

    public static let spec = MachineSpec(
        name: "tape_rnn",
        summary: "Elman RNN with a rotating memory tape (stay, left, right, jumps by the input length)",
        config: Config.self, memorySetting: \.$tapeSize,
        footprint: { c, s in
            let n = Double(c.tapes)
            let cell = Double(c.cellSize)
            return .recurrent(
                c.readout, s, hidden: c.hiddenSize, gates: 1, readWidth: n * cell,
                memoryPerStep: n * Double(c.tapeSize) * cell,
                extraParameters: Double(c.hiddenSize) * n * (2 * cell + 5))
        }
    ) { config, i, o, rng in
        TapeRNN(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        tapeCount = config.tapes
        tapeSize = config.tapeSize
        cellSize = config.cellSize
        let hidden = config.hiddenSize
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        // Creation order as Haiku's: core, write MLP, action layers, then the readout.
        controller = MemoryController(
            .elman, inputWidth: width, readWidth: tapeCount * cellSize, hiddenSize: hidden, rng: &rng)
        let sizes = [hidden] + TapeRNN.writeHiddenSizes + [tapeCount * cellSize]
        writeLayers = (0..<(sizes.count - 1)).map { Linear(sizes[$0], sizes[$0 + 1], rng: &rng) }
        actionLayers = (0..<tapeCount).map { _ in Linear(hidden, TapeUpdate.actionCount, rng: &rng) }
        head = RNNHead(hidden, outputSize, rng: &rng)
        super.init()
    }

    func writeValues(_ h: Tensor) -> Tensor {
        var y = h
        for (i, layer) in writeLayers.enumerated() {
            y = layer(i == 0 ? y : y.relu())
        }
        return y
    }

    /// Its jump actions move the head by the input's length.
    public var readsTheInputLength: Bool { true }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let steps = x.shape[1]
        let rows = batch * tapeCount
        let readWidth = tapeCount * cellSize
        let prepared = controller.prepare(x)
        let sources = TapeUpdate.sources(size: tapeSize, inputLength: inputLength)
        // The per-tape action layers as one matmul; the softmax stays per tape.
        let actionWeight = tapeCount == 1 ? actionLayers[0].weight : concat(actionLayers.map(\.weight), axis: 1)
        let actionBias =
            tapeCount == 1
            ? actionLayers[0].bias!.wrappedValue : concat(actionLayers.map { $0.bias!.wrappedValue }, axis: 0)
        // All tapes as one batch of B·n tapes, tape-major within a batch row as the reference's [B, n, M, C].
        var tapes = Tensor.zeros([rows, tapeSize, cellSize])
        var state = controller.initialState(batch: batch)
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            let read =
                t == 0
                ? Tensor.zeros([batch, readWidth])
                : tapes.slice(axis: 1, 0..<1).reshaped([batch, readWidth])
            state = controller.step(t, read: read, state: state, prepared: prepared)
            outs.append(state.h)
            context.trace?.append(TraceName.hidden, .state, step: state.h)
            // The last update is read by no one (the reference computes it and drops it).
            if t == steps - 1 { break }
            let actions = (matmul(state.h, actionWeight) + actionBias).reshaped([rows, TapeUpdate.actionCount]).softmax(
                axis: -1)
            tapes = TapeUpdate.apply(
                memory: tapes, actions: actions, writeValue: writeValues(state.h).reshaped([rows, cellSize]),
                sources: sources)
            if let trace = context.trace { record(trace, actions: actions, tapes: tapes, batch: batch) }
        }
        return head(stack(outs, axis: 1))
    }

    /// Cells on each side of the head shown by `reckon inspect`.
    static let tracedReach = 3

    /// The step's action probabilities of every tape and the first tape's cells around the head
    /// (the tape rotates under a head fixed at cell 0, so cell i is i places right of the head).
    private func record(_ trace: MachineTrace, actions: Tensor, tapes: Tensor, batch: Int) {
        let names = ["stay", "left", "right", "jump left", "jump right"]
        let labels = (0..<tapeCount).flatMap { k in names.map { tapeCount == 1 ? $0 : "tape \(k + 1) \($0)" } }
        trace.append(
            TraceName.tapeActions, .weights, labels: labels,
            step: actions.reshaped([batch, tapeCount * TapeUpdate.actionCount]))
        let reach = Swift.min(Self.tracedReach, (tapeSize - 1) / 2)
        let offsets = Array(-reach...reach)
        let first = tapes.reshaped([batch, tapeCount, tapeSize, cellSize]).slice(axis: 1, 0..<1)
            .reshaped([batch, tapeSize, cellSize])
        let cells = offsets.map { d in
            let i = (d % tapeSize + tapeSize) % tapeSize
            return first.slice(axis: 1, i..<(i + 1)).reshaped([batch, cellSize])
        }
        let cellLabels = offsets.flatMap { d in
            (0..<cellSize).map { "head\(d == 0 ? "" : d > 0 ? "+\(d)" : "\(d)") [\($0)]" }
        }
        trace.append(TraceName.tapeCells, .values, labels: cellLabels, step: concat(cells, axis: 1))
    }
}
