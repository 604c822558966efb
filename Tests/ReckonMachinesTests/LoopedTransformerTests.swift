import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// looped_transformer (its gradient check and learning test are in MachineCatalogTests): the
/// number of block applications (a fixed count, the task's T(n), the input length), one
/// iteration as one block, and both confidence stopping rules, each against the iterations
/// unrolled by hand with the same weights.
@Suite struct LoopedTransformerTests {
    /// Width 8, 2 heads; the read-in starts at std 0.5 so that iterations differ visibly.
    static let tiny = ["embedding_dim": "8", "num_heads": "2", "widening_factor": "2", "emb_init_scale": "0.5"]

    static func make(_ extra: [String: String] = [:], seed: UInt64 = 0) throws -> LoopedTransformer {
        let m = try MachineTestKit.make(
            "looped_transformer", inputSize: 3, outputSize: 3, tiny.merging(extra) { $1 }, seed: seed)
        return try #require(m as? LoopedTransformer)
    }

    /// A tape of `rows` random inputs of length 4 with 3 output blanks.
    static func tape(rows: Int = 2, seed: UInt64 = 5) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let x = MachineTestKit.oneHotBatch((0..<rows).map { _ in (0..<4).map { _ in rng.nextInt(below: 3) } }, vocab: 3)
        return Readout.tape(x, outputLength: 3, computationStepsMultiplier: 0)
    }

    /// Logits after each of `count` iterations, by hand: e = ReadIn(tape), h₀ = 0,
    /// h_t = LN_f(block(h_{t−1} + e)), logits_t = ReadOut(h_t).
    static func unrolled(_ m: LoopedTransformer, _ tape: Tensor, count: Int) -> [Tensor] {
        m.withoutGradients {
            var ctx = ForwardContext.evaluation
            let length = tape.shape[1]
            let positions = m.transformer.attentionPositions(
                queries: length, keys: length, shift: 1, selfAttention: true, context: &ctx)
            let e = m.embedder.embed(tape)
            var h = Tensor.zeros(e.shape)
            return (0..<count).map { _ in
                var a = h + e
                for block in m.blocks { a = block(a, positions: positions, rate: 0, context: &ctx) }
                h = m.finalNorm(a)
                return m.head(h)
            }
        }
    }

    /// The machine's logits for `tape` and the mean steps it recorded.
    static func run(
        _ m: LoopedTransformer, _ tape: Tensor, taskIterations: Int?, training: Bool = false
    ) -> (logits: Tensor, steps: Double?) {
        m.withoutGradients {
            var ctx = ForwardContext(training: training, rng: RandomGenerator(seed: 1), taskIterations: taskIterations)
            let out = m.forward(tape, inputLength: 4, context: &ctx)
            return (out, ctx.meanStepsUsed)
        }
    }

    static func difference(_ a: Tensor, _ b: Tensor) -> Float { TransformerMachineTests.maxDifference(a, b) }

    /// Rows `b` of logits [B, L, C].
    static func row(_ t: Tensor, _ b: Int) -> Tensor { t.slice(axis: 0, b..<b + 1) }

    /// With `iterations` 0 the task's T(n) = 5 sets the count: the output is the fifth
    /// iteration's, not the fourth's or the sixth's, and 5 steps per sequence are recorded.
    @Test func theTasksIterationCountIsRunExactly() throws {
        let m = try Self.make()
        let x = Self.tape()
        let steps = Self.unrolled(m, x, count: 6)
        let (out, used) = Self.run(m, x, taskIterations: 5)
        #expect(Self.difference(out, steps[4]) < 1e-6)
        #expect(Self.difference(out, steps[3]) > 1e-4 && Self.difference(out, steps[5]) > 1e-4)
        #expect(used == 5)
    }

    /// A fixed `iterations` overrides the task's T(n).
    @Test func aFixedIterationCountOverridesTheTask() throws {
        let m = try Self.make(["iterations": "3"])
        let x = Self.tape()
        let steps = Self.unrolled(m, x, count: 4)
        let (out, used) = Self.run(m, x, taskIterations: 5)
        #expect(Self.difference(out, steps[2]) < 1e-6)
        #expect(Self.difference(out, steps[3]) > 1e-4)
        #expect(used == 3)
    }

    /// A task that names no T(n) gets the input length (4 here).
    @Test func withoutATaskCountTheInputLengthIsUsed() throws {
        let m = try Self.make()
        let x = Self.tape()
        let steps = Self.unrolled(m, x, count: 4)
        let (out, used) = Self.run(m, x, taskIterations: nil)
        #expect(Self.difference(out, steps[3]) < 1e-6)
        #expect(used == 4)
    }

    /// `iterations` 1 is one application of the block and the final norm: a fixed-depth
    /// transformer with the looped model's parameters.
    @Test func oneIterationIsOneBlock() throws {
        let m = try Self.make(["iterations": "1", "num_layers": "2"])
        let x = Self.tape()
        let manual = m.withoutGradients {
            var ctx = ForwardContext.evaluation
            let p = m.transformer.attentionPositions(queries: 7, keys: 7, shift: 1, selfAttention: true, context: &ctx)
            let h = m.blocks[1](
                m.blocks[0](m.embedder.embed(x), positions: p, rate: 0, context: &ctx), positions: p, rate: 0,
                context: &ctx)
            return m.head(m.finalNorm(h))
        }
        let (out, used) = Self.run(m, x, taskIterations: 9)
        #expect(Self.difference(out, manual) < 1e-6)
        #expect(used == 1)
        #expect(try Self.make(["iterations": "1"]).parameterCount == Self.make(["iterations": "7"]).parameterCount)
    }

    /// The mean over the output positions of −log max softmax, per row, for each iteration's logits.
    static func scores(_ steps: [Tensor]) -> [[Float]] {
        steps.map { logits in
            let answer = logits.slice(axis: 1, 4..<7).logSoftmax(axis: -1).max(axis: -1).mean(axis: 1)
            return answer.scalars.map { -$0 }
        }
    }

    /// `confidence` runs to T(n) + extra_iterations = 2 + 6 and keeps, per sequence, the
    /// iteration of lowest mean −log max softmax (the earliest on a tie).
    @Test func confidencePicksEachSequencesMostConfidentIteration() throws {
        let m = try Self.make(["stopping": "confidence", "extra_iterations": "6"])
        let x = Self.tape(rows: 6)
        let steps = Self.unrolled(m, x, count: 8)
        let scores = Self.scores(steps)
        let chosen = (0..<6).map { b in (0..<8).min { scores[$0][b] < scores[$1][b] }! }
        let (out, used) = Self.run(m, x, taskIterations: 2)
        for b in 0..<6 { #expect(Self.difference(Self.row(out, b), Self.row(steps[chosen[b]], b)) < 1e-6) }
        #expect(abs(used! - Double(chosen.reduce(0, +) + 6) / 6) < 1e-9)
        // The rows stop at different iterations, so the choice is per sequence.
        #expect(Set(chosen).count > 1, "\(chosen)")
    }

    /// `confidence_batch` keeps one iteration for the whole batch: the one of lowest batch mean.
    @Test func confidenceBatchPicksOneIterationForTheBatch() throws {
        let m = try Self.make(["stopping": "confidence_batch", "extra_iterations": "6"])
        let x = Self.tape(rows: 6)
        let steps = Self.unrolled(m, x, count: 8)
        let means = Self.scores(steps).map { $0.reduce(0, +) / 6 }
        let chosen = (0..<8).min { means[$0] < means[$1] }!
        let (out, used) = Self.run(m, x, taskIterations: 2)
        #expect(Self.difference(out, steps[chosen]) < 1e-6)
        #expect(used == Double(chosen + 1))
    }

    /// Training always runs the rule's count, whatever `stopping` says.
    @Test func trainingUsesTheRule() throws {
        let m = try Self.make(["stopping": "confidence"])
        let x = Self.tape()
        let steps = Self.unrolled(m, x, count: 3)
        let (out, used) = Self.run(m, x, taskIterations: 3, training: true)
        #expect(Self.difference(out, steps[2]) < 1e-6)
        #expect(used == 3)
    }

    /// The training footprint grows with the iterations it keeps in its graph; parameters do not.
    @Test func theFootprintScalesWithTheIterations() throws {
        let spec = try MachineCatalog.spec(named: "looped_transformer")
        let shape = FootprintShape(inputSize: 2, outputSize: 2, inputLength: 20, outputLength: 1, taskIterations: 20)
        let byTask = try spec.footprint(try spec.resolve([:]), shape)
        let fixed = try spec.footprint(try spec.resolve(["iterations": "40"]), shape)
        #expect(fixed.parameters == byTask.parameters)
        #expect(abs(fixed.trainingFloatsPerSequence / byTask.trainingFloatsPerSequence - 2) < 0.01)
        #expect(fixed.inferenceFloatsPerSequence == byTask.inferenceFloatsPerSequence)
    }
}
