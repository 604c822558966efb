import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// universal_transformer beyond MachineCatalogTests: one fixed step is one encoder layer with the
/// signals, and hand-set ACT halting against t2t's interpolation computed by hand.
@Suite struct UniversalTransformerTests {
    /// A tiny instance: width 8, 2 heads, no dropout, token embeddings at std 0.5 (as the tiny
    /// Transformers, so that gradient-check steps are small beside them) and at most 2 steps.
    static func tiny(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "embedding_dim": "8", "num_heads": "2", "widening_factor": "2", "dropout_prob": "0",
            "emb_init_scale": "0.5", "max_steps": "2",
        ].merging(extra) { $1 }
    }

    static func make(_ extra: [String: String]) throws -> UniversalTransformer {
        try #require(
            try MachineTestKit.make("universal_transformer", inputSize: 3, outputSize: 2, tiny(extra), seed: 2)
                as? UniversalTransformer)
    }

    /// A tape [2, 5, 4] of one-hot vectors.
    static func tape() -> Tensor { MachineTestKit.oneHotBatch([[0, 1, 2, 3, 3], [2, 2, 0, 1, 3]], vocab: 4) }

    /// The shared layer applied to `state` plus the signals of step `step`, computed from the
    /// sin/cos table directly.
    static func step(_ m: UniversalTransformer, _ state: Tensor, _ step: Int) -> Tensor {
        let length = state.shape[1]
        let position = PositionTables.sinusoid((0..<length).map(Double.init), width: 8, maxTime: 10_000)
        let time = PositionTables.sinusoid([Double(step)], width: 8, maxTime: 10_000)
        let positions = AttentionPositions(
            shift: 0, queryPositions: Array(0..<length), keyPositions: Array(0..<length), distances: nil)
        var context = ForwardContext.evaluation
        return m.layer(state + position + time, positions: positions, causal: false, rate: 0, context: &context)
    }

    static func embedded(_ m: UniversalTransformer, _ x: Tensor) -> Tensor { m.tokens(x) * Float(8).squareRoot() }

    static func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func oneFixedStepIsOneEncoderLayerWithTheSignals() throws {
        let m = try Self.make(["halting": "fixed", "max_steps": "1"])
        let x = Self.tape()
        var context = ForwardContext.evaluation
        let out = m.forward(x, inputLength: 4, context: &context)
        let expected = m.head(Self.step(m, Self.embedded(m, x), 1))
        #expect(Self.maxDifference(out, expected) < 1e-5)
        #expect(context.meanStepsUsed == 1)
    }

    @Test func fixedStepsRepeatTheSharedLayer() throws {
        let m = try Self.make(["halting": "fixed", "max_steps": "3"])
        let x = Self.tape()
        var context = ForwardContext.evaluation
        let out = m.forward(x, inputLength: 4, context: &context)
        var state = Self.embedded(m, x)
        for t in 1...3 { state = Self.step(m, state, t) }
        #expect(Self.maxDifference(out, m.head(state)) < 1e-5)
        #expect(context.meanStepsUsed == 3)
        #expect(context.auxiliaryLoss == nil)
    }

    /// Hand-set halting σ(b) = 0.3 everywhere: every position halts at N = 4 with R = 0.1, and
    /// t2t's output is new = w·T^n + (1 − w)·previous from 0 with w = 0.3, 0.3, 0.3, 0.1.
    @Test func handSetHaltingInterpolatesAsT2T() throws {
        let m = try Self.make(["max_steps": "8"])
        let halting = try #require(m.halting)
        halting.weight = Tensor.zeros([8, 1]).requiringGradient()
        halting.bias = Tensor([AdaptiveComputationTests.logit(0.3)]).requiringGradient()
        let x = Self.tape()
        var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
        let out = m.forward(x, inputLength: 4, context: &context)
        #expect(abs(try #require(context.meanStepsUsed) - 4.1) < 1e-5)
        #expect(context.stepsCounted == 10)
        #expect(abs(try #require(context.auxiliaryLoss).item - 0.01 * 4.1) < 1e-6)
        var state = Self.embedded(m, x)
        var output = Tensor.zeros(state.shape)
        for (t, w) in [Float(0.3), 0.3, 0.3, 0.1].enumerated() {
            state = Self.step(m, state, t + 1)
            output = w * state + (1 - w) * output
        }
        #expect(Self.maxDifference(out, m.head(output)) < 1e-5)
    }

    /// A first step with σ(b) ≥ 1 − ε halts every position at once with R = 1: the same network
    /// as one fixed step (the halting unit is drawn last, so the other weights agree), ρ = 2.
    @Test func haltingAtTheFirstStepIsOneFixedStep() throws {
        let act = try Self.make(["max_steps": "8"])
        let fixed = try Self.make(["halting": "fixed", "max_steps": "1"])
        let halting = try #require(act.halting)
        halting.bias = Tensor([AdaptiveComputationTests.logit(0.995)]).requiringGradient()
        halting.weight = Tensor.zeros([8, 1]).requiringGradient()
        let x = Self.tape()
        var actContext = ForwardContext.evaluation
        var fixedContext = ForwardContext.evaluation
        let a = act.forward(x, inputLength: 4, context: &actContext)
        let f = fixed.forward(x, inputLength: 4, context: &fixedContext)
        #expect(Self.maxDifference(a, f) < 1e-5)
        #expect(abs(try #require(actContext.meanStepsUsed) - 2) < 1e-6)
    }

    /// The catalog checks ACT halting; the fixed variant gets its own gradient check.
    @Test func fixedStepsGradientCheck() throws {
        let machine = try MachineTestKit.make(
            "universal_transformer", inputSize: 3, outputSize: 2, Self.tiny(["halting": "fixed", "max_steps": "3"]))
        var rng = RandomGenerator(seed: 5)
        let x = MachineTestKit.oneHotBatch((0..<2).map { _ in (0..<3).map { _ in rng.nextInt(below: 3) } }, vocab: 3)
        let failures = MachineTestKit.gradientCheck(
            machine, input: x, outputLength: 3, epsilon: 1e-3, acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func settingsAreChecked() throws {
        let spec = try MachineCatalog.spec(named: "universal_transformer")
        #expect(throws: SettingError.self) { try spec.resolve(["halting": "sometimes"]) }
        #expect(throws: SettingError.self) { try spec.resolve(["halting_epsilon": "1"]) }
        #expect(throws: SettingError.self) {
            try spec.validate(spec.resolve(["embedding_dim": "7", "num_heads": "1"]))
        }
    }
}
