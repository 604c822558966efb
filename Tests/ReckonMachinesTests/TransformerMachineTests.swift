import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// transformer_encoder and transformer: gradient checks for every positional encoding, tiny
/// learning tests, the decoder's causality and greedy decoding (docs/reference/transformer.md).
@Suite struct TransformerMachineTests {
    static let encodings = PositionalEncoding.allCases.map(\.rawValue)

    /// A tiny instance: width 8, 2 heads, no dropout; noisy encodings draw from a short range so
    /// that offsets far apart are in the check too. Token embeddings start at std 0.5 rather than
    /// 0.02: the check's ±1e-2 steps would otherwise be a large fraction of them.
    static func tiny(_ encoding: String, layers: Int = 2, _ extra: [String: String] = [:]) -> [String: String] {
        [
            "embedding_dim": "8", "num_layers": "\(layers)", "num_heads": "2", "widening_factor": "2",
            "dropout_prob": "0", "emb_init_scale": "0.5", "positional_encodings": encoding, "noise_max_length": "16",
            "max_sequence_length": "16",
        ].merging(extra) { $1 }
    }

    static func input(rows: Int = 2, length: Int = 3, vocab: Int = 3, seed: UInt64 = 5) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return MachineTestKit.oneHotBatch(
            (0..<rows).map { _ in (0..<length).map { _ in rng.nextInt(below: vocab) } }, vocab: vocab)
    }

    static func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
        return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    static func evaluate(
        _ m: any Machine, _ x: Tensor, outputLength: Int, targets: Tensor? = nil, seed: UInt64 = 0
    ) -> Tensor {
        m.withoutGradients {
            var ctx = ForwardContext(training: false, rng: RandomGenerator(seed: seed))
            return m.logits(input: x, outputLength: outputLength, targets: targets, context: &ctx)
        }
    }

    // MARK: Gradients

    @Test(arguments: encodings)
    func encoderGradientCheck(encoding: String) throws {
        let machine = try MachineTestKit.make("transformer_encoder", inputSize: 3, outputSize: 2, Self.tiny(encoding))
        let failures = MachineTestKit.gradientCheck(
            machine, input: Self.input(), outputLength: 3, epsilon: 1e-3, acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(arguments: encodings)
    func encoderDecoderGradientCheck(encoding: String) throws {
        let machine = try MachineTestKit.make(
            "transformer", inputSize: 3, outputSize: 2, Self.tiny(encoding, layers: 1))
        // Output length 2 against input length 3, so the cross-attention is not square.
        let targets = MachineTestKit.oneHotBatch([[0, 1], [1, 1]], vocab: 2)
        let failures = MachineTestKit.gradientCheck(
            machine, input: Self.input(), outputLength: 2, targets: targets, epsilon: 1e-3, acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func causalEncoderWithComputationStepsGradientCheck() throws {
        let machine = try MachineTestKit.make(
            "transformer_encoder", inputSize: 3, outputSize: 2,
            Self.tiny("relative", layers: 1, ["causal_masking": "true", "computation_steps_mult": "1"]))
        let failures = MachineTestKit.gradientCheck(
            machine, input: Self.input(), outputLength: 3, epsilon: 1e-3, acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    // MARK: Decoder semantics

    /// Logits at position t depend on the targets before t only (the causal mask, and no
    /// cross-attention leak with relative encodings).
    @Test(arguments: encodings)
    func changingATargetOnlyChangesLaterLogits(encoding: String) throws {
        let machine = try MachineTestKit.make("transformer", inputSize: 3, outputSize: 3, Self.tiny(encoding))
        let x = Self.input(rows: 2, length: 4)
        let a = MachineTestKit.oneHotBatch([[0, 1, 2, 0], [2, 2, 1, 0]], vocab: 3)
        for t in 0..<4 {
            var changed = [[0, 1, 2, 0], [2, 2, 1, 0]]
            changed[0][t] = (changed[0][t] + 1) % 3
            changed[1][t] = (changed[1][t] + 2) % 3
            let b = MachineTestKit.oneHotBatch(changed, vocab: 3)
            let la = Self.evaluate(machine, x, outputLength: 4, targets: a)
            let lb = Self.evaluate(machine, x, outputLength: 4, targets: b)
            #expect(Self.maxDifference(la.slice(axis: 1, 0..<t + 1), lb.slice(axis: 1, 0..<t + 1)) == 0, "target \(t)")
            if t < 3 {
                #expect(
                    Self.maxDifference(la.slice(axis: 1, t + 1..<4), lb.slice(axis: 1, t + 1..<4)) > 0, "target \(t)")
            }
        }
    }

    /// Greedy decoding (one token per step, earlier layer inputs cached) gives the logits of
    /// teacher forcing on its own predictions.
    @Test(arguments: encodings)
    func greedyDecodingEqualsTeacherForcingOnItsPredictions(encoding: String) throws {
        let machine = try MachineTestKit.make("transformer", inputSize: 3, outputSize: 3, Self.tiny(encoding), seed: 4)
        let x = Self.input(rows: 3, length: 5)
        let greedy = Self.evaluate(machine, x, outputLength: 4, seed: 11)
        let predictions = greedy.argmaxLastAxis()
        let forced = Self.evaluate(
            machine, x, outputLength: 4,
            targets: oneHot(predictions, idShape: [3, 4], depth: 3), seed: 11)
        #expect(Self.maxDifference(greedy, forced) < 1e-5)
        // The tape interface decodes the same way, with zero logits before the outputs.
        let tape = Readout.tape(x, outputLength: 4, computationStepsMultiplier: 0)
        let viaTape = machine.withoutGradients {
            var ctx = ForwardContext(training: false, rng: RandomGenerator(seed: 11))
            return machine.forward(tape, inputLength: 5, context: &ctx)
        }
        #expect(viaTape.shape == [3, 9, 3] && Self.maxDifference(viaTape.slice(axis: 1, 5..<9), greedy) < 1e-5)
        #expect(viaTape.slice(axis: 1, 0..<5).scalars.allSatisfy { $0 == 0 })
    }

    @Test func singleOutputIsOnePassFromTheStartToken() throws {
        let machine = try MachineTestKit.make("transformer", inputSize: 3, outputSize: 2, Self.tiny("sin_cos"))
        let x = Self.input()
        let greedy = Self.evaluate(machine, x, outputLength: 1)
        // Whatever the target, teacher forcing feeds only the start token at position 0.
        let forced = Self.evaluate(
            machine, x, outputLength: 1, targets: MachineTestKit.oneHotBatch([[1], [0]], vocab: 2))
        #expect(greedy.shape == [2, 1, 2] && Self.maxDifference(greedy, forced) == 0)
        #expect(TransformerMachine.shiftedRight([4, 5, 6, 7, 8, 9], batch: 2, start: 2) == [2, 4, 5, 2, 7, 8])
    }

    // MARK: Encoder semantics

    @Test(arguments: ["none", "sin_cos", "relative", "alibi", "rotary"])
    func causalEncoderIgnoresLaterTokens(encoding: String) throws {
        let machine = try MachineTestKit.make(
            "transformer_encoder", inputSize: 3, outputSize: 2,
            Self.tiny(encoding, ["causal_masking": "true"]))
        func run(_ rows: [[Int]]) -> Tensor {
            machine.withoutGradients {
                var ctx = ForwardContext.evaluation
                return machine.forward(MachineTestKit.oneHotBatch(rows, vocab: 4), inputLength: 4, context: &ctx)
            }
        }
        let a = run([[0, 1, 2, 0]])
        let b = run([[0, 1, 2, 2]])
        #expect(Self.maxDifference(a.slice(axis: 1, 0..<3), b.slice(axis: 1, 0..<3)) == 0)
        #expect(Self.maxDifference(a.slice(axis: 1, 3..<4), b.slice(axis: 1, 3..<4)) > 0)
    }

    /// Without any positional information the non-causal encoder is permutation-equivariant.
    @Test func encoderWithoutEncodingsIsPermutationEquivariant() throws {
        let machine = try MachineTestKit.make("transformer_encoder", inputSize: 3, outputSize: 2, Self.tiny("none"))
        func run(_ rows: [[Int]]) -> Tensor {
            var ctx = ForwardContext.evaluation
            return machine.withoutGradients {
                machine.forward(MachineTestKit.oneHotBatch(rows, vocab: 4), inputLength: 3, context: &ctx)
            }
        }
        let a = run([[0, 1, 2]])
        let b = run([[2, 0, 1]])
        #expect(Self.maxDifference(a.slice(axis: 1, 0..<1), b.slice(axis: 1, 1..<2)) < 1e-5)
        #expect(Self.maxDifference(a.slice(axis: 1, 2..<3), b.slice(axis: 1, 0..<1)) < 1e-5)
    }

    /// In evaluation, relative attention runs long batches in slices (memory); same logits.
    @Test func slicedRelativeEvaluationMatchesTheWholeBatch() throws {
        let machine = try MachineTestKit.make(
            "transformer_encoder", inputSize: 3, outputSize: 2, Self.tiny("relative", layers: 1))
        // 20 rows of a 480-long tape: 2 heads · 480 · 960 floats a row, so slices of 18 rows.
        let x = Self.input(rows: 20, length: 240)
        var ctx = ForwardContext.evaluation
        let whole = machine.logits(input: x, outputLength: 240, targets: nil, context: &ctx)
        #expect(whole.requiresGradient)
        let sliced = Self.evaluate(machine, x, outputLength: 240)
        #expect(Self.maxDifference(whole, sliced) < 1e-5)
    }

    @Test func dropoutOnlyInTraining() throws {
        let machine = try MachineTestKit.make(
            "transformer_encoder", inputSize: 3, outputSize: 2,
            Self.tiny("sin_cos", ["dropout_prob": "0.5"]))
        let x = Self.input()
        func run(training: Bool, seed: UInt64) -> Tensor {
            var ctx = ForwardContext(training: training, rng: RandomGenerator(seed: seed))
            return machine.withoutGradients { machine.logits(input: x, outputLength: 3, targets: nil, context: &ctx) }
        }
        #expect(Self.maxDifference(run(training: false, seed: 1), run(training: false, seed: 2)) == 0)
        #expect(Self.maxDifference(run(training: true, seed: 1), run(training: true, seed: 1)) == 0)
        #expect(Self.maxDifference(run(training: true, seed: 1), run(training: true, seed: 2)) > 0)
        #expect(Self.maxDifference(run(training: true, seed: 1), run(training: false, seed: 1)) > 0)
    }

    // MARK: Catalog

    @Test func registeredDefaults() throws {
        for name in ["transformer_encoder", "transformer"] {
            let d = try MachineCatalog.spec(named: name).defaults
            #expect(
                d.values["embedding_dim"] == .int(64) && d.values["num_layers"] == .int(5)
                    && d.values["num_heads"] == .int(8)
                    && d.values["num_hiddens_per_head"] == .int(0) && d.values["widening_factor"] == .int(4)
                    && d.values["dropout_prob"] == .float(0.1) && d.values["emb_init_scale"] == .float(0.02)
                    && d.values["positional_encodings"] == .string("sin_cos") && d.values["max_time"] == .float(10_000)
                    && d.values["noise_max_length"] == .int(2048) && d.values["max_sequence_length"] == .int(2048)
                    && d.values["randomize_in_evaluation"] == .bool(true)
                    && d.values["computation_steps_mult"] == .int(0))
        }
        let spec = try MachineCatalog.spec(named: "transformer_encoder")
        #expect(throws: SettingError.self) { try spec.resolve(["positional_encodings": "rope"]) }
        #expect(spec.defaults.values["causal_masking"] == .bool(false))
        let encoder = try MachineTestKit.make("transformer_encoder", inputSize: 3, outputSize: 2, [:])
        // Embedding (3 + 1)·64; per layer Wq, Wk, Wv, Wo 4·64², FFN 64·256 + 256 + 256·64 + 64, 2 LNs 4·64; readout
        // 64·2 + 2.
        let layer = 4 * 64 * 64 + 64 * 256 + 256 + 256 * 64 + 64 + 4 * 64
        #expect(encoder is TransformerEncoderMachine && encoder.parameterCount == 4 * 64 + 5 * layer + 64 * 2 + 2)
        let ar = try MachineTestKit.make("transformer", inputSize: 3, outputSize: 2, [:])
        #expect(
            ar is TransformerMachine && ar.isAutoregressive
                && ar.parameterCount == 4 * 64 + 5 * layer + 3 * 64 + 5 * (layer + 4 * 64 * 64 + 2 * 64) + 64 * 2 + 2)
    }
}
