import ReckonNN
import ReckonSupport
import ReckonTensor

/// `act_rnn`, `act_lstm`, `act_gru`: a recurrent cell with Adaptive Computation Time (Graves
/// 2016): at every tape position the cell takes N(t) intermediate steps, chosen by a halting
/// unit, and the state passed on is their halting-weighted mean; the reference head reads it.
public final class ACTMachine: Module, Machine {
    let core: ACTCore
    let halting: HaltingUnit
    let head: RNNHead
    let epsilon: Double
    let maxPonderSteps: Int
    let ponderCost: Float
    public let computationStepsMultiplier: Int

    /// The settings of the ACT machines: the cell's width and Graves' ACT settings.
    public struct Config: MachineConfig {
        // Graves §3.1 (parity): one hidden layer of 128 tanh units.
        @Setting("hidden_size", "hidden units", minimum: 1) public var hiddenSize = 128
        @Setting("max_ponder_steps", "M: intermediate steps per input step at most (Graves' cap, eq. 13)", minimum: 1)
        public var maxPonderSteps = 100
        @Setting("halting_epsilon", "ε: a step halts once the halting probabilities sum to 1 - ε", above: 0, below: 1)
        public var haltingEpsilon = 0.01
        // Graves sweeps τ over i·10^-j, i = 1..10, j = 1..4; τ ≤ 0.03 gave below 5% parity error.
        @Setting("ponder_cost", "τ: weight of the ponder cost N + R in the loss", minimum: 0)
        public var ponderCost = 1e-3
        public var readout = ReadoutSettings()

        public init() {}

        /// Intermediate steps per position the training estimate counts at most.
        static let estimatedPonderSteps = 32

        /// Every intermediate step keeps a cell step's graph for the backward pass, so training
        /// is counted at max_ponder_steps steps per position, but at most 32: at Graves' cap of
        /// 100, act_lstm on the reference protocol (batch 128, reverse_string length 40) would be
        /// estimated at 8.4 GB and refused on a small computer, while a net starts near two steps
        /// (b_h = 1) and the ponder cost holds it down. A run whose positions ponder past 32 steps
        /// can need more than this estimate.
        func footprint(_ s: FootprintShape, gates: Double) -> MachineFootprint {
            var f = MachineFootprint.recurrent(
                readout, s, hidden: hiddenSize, gates: gates, readWidth: 1, extraParameters: Double(hiddenSize + 1))
            f.trainingFloatsPerSequence *= Double(Swift.min(maxPonderSteps, Self.estimatedPonderSteps))
            return f
        }
    }

    public static let rnnSpec = makeSpec("act_rnn", .rnn, "Elman RNN", gates: 1)
    public static let lstmSpec = makeSpec("act_lstm", .lstm, "LSTM", gates: 4)
    public static let gruSpec = makeSpec("act_gru", .gru, "GRU", gates: 3)

    static func makeSpec(_ name: String, _ cell: ACTCore.Cell, _ title: String, gates: Double) -> MachineSpec {
        MachineSpec(
            name: name,
            summary: "\(title) with Adaptive Computation Time (Graves 2016), ReLU + linear readout",
            config: Config.self, footprint: { c, s in c.footprint(s, gates: gates) }
        ) { config, i, o, rng in
            ACTMachine(cell, inputSize: i, outputSize: o, config: config, rng: &rng)
        }
    }

    public init(_ cell: ACTCore.Cell, inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        epsilon = config.haltingEpsilon
        maxPonderSteps = config.maxPonderSteps
        ponderCost = Float(config.ponderCost)
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        core = ACTCore(cell, inputWidth: width, hiddenSize: config.hiddenSize, rng: &rng)
        halting = HaltingUnit(config.hiddenSize, rng: &rng)
        head = RNNHead(config.hiddenSize, outputSize, rng: &rng)
        super.init()
    }

    /// The head reads the mean state. Graves' output is the mean of the intermediate outputs
    /// y^n = W_y s^n + b_y; for his linear output layer that equals the output of the mean state
    /// (the weights sum to 1), so reading the mean state is the same network. Reckon's head has a
    /// ReLU before its linear map, where the two differ; the mean state keeps one head call per position.
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let positions = x.shape[1]
        let inputs = core.prepare(x)
        var state = core.initialState(batch: batch)
        var outs: [Tensor] = []
        var ponders: [Tensor] = []
        var totalPonder = 0.0
        outs.reserveCapacity(positions)
        for t in 0..<positions {
            let pondered = ponder(inputs, at: t, from: state)
            state = pondered.state
            outs.append(state.h)
            ponders.append(pondered.record.ponder)
            totalPonder += pondered.record.totalPonder
            context.trace?.append(TraceName.hidden, .state, step: state.h)
            context.trace?.append(TraceName.ponder, .count, step: pondered.record.ponder.detached)
        }
        // The ponder cost P = Σ_t ρ_t (Graves eq. 14), averaged here over sequences and positions
        // as the task's loss is, so τ does not scale with the batch or the tape.
        if context.training, ponderCost > 0 {
            context.addLoss(concat(ponders, axis: 0).mean() * ponderCost)
        }
        context.recordSteps(totalPonder, over: batch * positions)
        return head(stack(outs, axis: 1))
    }

    /// ACT at position t: intermediate steps from `start` until every sequence has halted; the
    /// halting-weighted mean state (h and, for the LSTM, c) and the halting record.
    func ponder(_ inputs: ACTCore.Inputs, at t: Int, from start: ACTCore.State) -> Pondered {
        var record = AdaptiveComputation(items: start.h.shape[0], epsilon: epsilon, maxSteps: maxPonderSteps)
        var state = start
        var meanH: Tensor?
        var meanC: Tensor?
        var n = 0
        while !record.allHalted {
            state = core.step(n == 0 ? inputs.first[t] : inputs.later[t], state: state)
            // The halting unit reads h, the part of the state the head and the next step's gates see.
            let p = record.weights(halting: halting(state.h))
            meanH = meanH.map { $0 + p * state.h } ?? p * state.h
            if let c = state.c { meanC = meanC.map { $0 + p * c } ?? p * c }
            n += 1
        }
        return Pondered(state: ACTCore.State(h: meanH!, c: meanC), record: record)
    }

    /// One position's ACT: the mean state passed on and the halting record.
    struct Pondered {
        let state: ACTCore.State
        let record: AdaptiveComputation
    }
}
