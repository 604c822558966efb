import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// act_rnn, act_lstm and act_gru beyond MachineCatalogTests: the halting rule on hand-set
/// halting units, against the halting-weighted mean of cell steps run by hand (Graves 2016 §2).
@Suite struct AdaptiveComputationTests {
    static let names = ["act_rnn", "act_lstm", "act_gru"]

    /// The logit b with σ(b) = p.
    static func logit(_ p: Double) -> Float { Float(Foundation.log(p / (1 - p))) }

    /// An ACT machine (5 hidden units, 3 input symbols, 2 classes) whose halting unit ignores the
    /// state and outputs σ(b) = `halting` at every step.
    static func handSet(_ name: String, halting: Double, _ extra: [String: String] = [:]) throws -> ACTMachine {
        let settings = ["hidden_size": "5", "ponder_cost": "0.01"].merging(extra) { $1 }
        let machine = try #require(
            try MachineTestKit.make(name, inputSize: 3, outputSize: 2, settings, seed: 4) as? ACTMachine)
        machine.halting.weight = Tensor.zeros([5, 1]).requiringGradient()
        machine.halting.bias = Tensor([logit(halting)]).requiringGradient()
        return machine
    }

    /// A tape [2, 3, 4]: two sequences of three one-hot vectors over the tape's 4 channels.
    static func tape() -> Tensor { MachineTestKit.oneHotBatch([[0, 2, 3], [1, 1, 0]], vocab: 4) }

    /// The outputs [B, L, 2] of `machine` computed by hand: at every position, `weights.count`
    /// cell steps from the previous position's mean state, on [x_t ‖ 1] and then [x_t ‖ 0], and
    /// the mean of their states (h and, for the LSTM, c) with `weights`.
    static func byHand(_ machine: ACTMachine, _ x: Tensor, weights: [Float]) -> Tensor {
        let batch = x.shape[0]
        let width = machine.core.hiddenSize
        var h = Tensor.zeros([batch, width])
        var c = Tensor.zeros([batch, width])
        var outs: [Tensor] = []
        for t in 0..<x.shape[1] {
            let xt = x.slice(axis: 1, t..<(t + 1)).reshaped([batch, x.shape[2]])
            var (sh, sc) = (h, c)
            var (meanH, meanC) = (Tensor.zeros([batch, width]), Tensor.zeros([batch, width]))
            for (n, p) in weights.enumerated() {
                let input = concat([xt, Tensor.full([batch, 1], n == 0 ? 1 : 0)], axis: 1)
                if let cell = machine.core.elman {
                    sh = cell.step(input, h: sh)
                } else if let cell = machine.core.lstm {
                    (sh, sc) = cell.step(input, h: sh, c: sc)
                } else {
                    sh = machine.core.gru!.step(input, h: sh)
                }
                meanH = meanH + p * sh
                meanC = meanC + p * sc
            }
            (h, c) = (meanH, meanC)
            outs.append(machine.head(h))
        }
        return stack(outs, axis: 1)
    }

    static func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    /// σ(b) = 0.3 at every step: the sums run 0.3, 0.6, 0.9, 1.2, so every sequence halts at
    /// N = 4 (0.9 < 1 − ε = 0.99 ≤ 1.2) with R = 1 − 0.9 = 0.1 and ponder ρ = 4.1.
    @Test(arguments: names)
    func handSetHaltingStopsAfterFourSteps(name: String) throws {
        let machine = try Self.handSet(name, halting: 0.3)
        let x = Self.tape()
        let record = machine.ponder(machine.core.prepare(x), at: 0, from: machine.core.initialState(batch: 2)).record
        #expect(record.steps == [4, 4])
        #expect(record.remainder.scalars.allSatisfy { abs($0 - 0.1) < 1e-5 })
        var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
        let out = machine.forward(x, inputLength: 2, context: &context)
        #expect(abs(try #require(context.meanStepsUsed) - 4.1) < 1e-5)
        #expect(context.stepsCounted == 6)
        #expect(abs(try #require(context.auxiliaryLoss).item - 0.01 * 4.1) < 1e-6)
        let expected = Self.byHand(machine, x, weights: [0.3, 0.3, 0.3, 0.1])
        #expect(Self.maxDifference(out, expected) < 1e-5)
    }

    /// With the cap M = 3 the same unit stops at N = 3 with R = 1 − 0.6 = 0.4 (ρ = 3.4).
    @Test(arguments: names)
    func theCapHaltsWithTheRemainder(name: String) throws {
        let machine = try Self.handSet(name, halting: 0.3, ["max_ponder_steps": "3"])
        let x = Self.tape()
        var context = ForwardContext(training: false, rng: RandomGenerator(seed: 1))
        let out = machine.forward(x, inputLength: 2, context: &context)
        // Evaluation records the steps too (the evaluator's steps_used), and adds no loss.
        #expect(abs(try #require(context.meanStepsUsed) - 3.4) < 1e-5)
        #expect(context.auxiliaryLoss == nil)
        #expect(Self.maxDifference(out, Self.byHand(machine, x, weights: [0.3, 0.3, 0.4])) < 1e-5)
    }

    /// σ(b) ≥ 1 − ε at the first step: N = 1 and R = 1, so the state is one plain cell step on
    /// the flagged input and ρ = 2.
    @Test(arguments: names)
    func aConfidentFirstStepHaltsAtOnce(name: String) throws {
        let machine = try Self.handSet(name, halting: 0.995)
        let x = Self.tape()
        var context = ForwardContext(training: false, rng: RandomGenerator(seed: 1))
        let out = machine.forward(x, inputLength: 2, context: &context)
        #expect(abs(try #require(context.meanStepsUsed) - 2) < 1e-6)
        #expect(Self.maxDifference(out, Self.byHand(machine, x, weights: [1])) < 1e-5)
    }

    /// The ponder cost's gradient reaches the halting unit through R only: with N = 4 fixed,
    /// d(τ·ρ)/db = −τ·3·σ'(b) = −0.01·3·0.3·0.7.
    @Test func thePonderCostTrainsTheHaltingBias() throws {
        let machine = try Self.handSet("act_rnn", halting: 0.3)
        var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
        _ = machine.forward(Self.tape(), inputLength: 2, context: &context)
        let loss = try #require(context.auxiliaryLoss)
        let gradient = loss.gradients(wrt: [machine.halting.bias])[0].item
        #expect(abs(gradient - (-0.01 * 3 * 0.3 * 0.7)) < 1e-6)
    }

    /// Items halt on their own: one at step 1 (R = 1), one at step 2 (R = 0.5), one at step 4
    /// (R = 0.1); an item that has halted gets weight 0 while the others run on.
    @Test func itemsHaltIndependently() {
        var run = AdaptiveComputation(items: 3, epsilon: 0.01, maxSteps: 10)
        let steps: [[Float]] = [[0.995, 0.5, 0.3], [0.9, 0.6, 0.3], [0.9, 0.9, 0.3], [0.9, 0.9, 0.3]]
        let expected: [[Float]] = [[1, 0.5, 0.3], [0, 0.5, 0.3], [0, 0, 0.3], [0, 0, 0.1]]
        for (h, want) in zip(steps, expected) {
            #expect(!run.allHalted)
            let p = run.weights(halting: Tensor(h, shape: [3, 1]))
            #expect(zip(p.scalars, want).allSatisfy { abs($0 - $1) < 1e-6 }, "\(p.scalars) vs \(want)")
        }
        #expect(run.allHalted)
        #expect(run.steps == [1, 2, 4])
        #expect(zip(run.ponder.scalars, [2, 2.5, 4.1] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(run.totalPonder - 8.6) < 1e-5)
    }
}
