import Foundation
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// The settings and tolerances with which one machine is gradient-checked and taught a tiny task.
struct MachineTestPlan: Sendable {
    /// Settings of the instance whose gradients are checked (small, so the check is quick).
    var tiny: [String: String]
    /// Settings of the instance that must learn to reverse every 3-bit string.
    var small: [String: String]
    /// Whether a one-sided difference may pass an entry (ReLU kinks in the transformers).
    var acceptOneSided = false
    var epsilon: Float = 1e-2
    var learningRate: Float = 1e-2
    var maxSteps = 500
    /// A pointer network's classes are the input positions: it learns the reversal as positions
    /// (2, 1, 0), with 3 classes, instead of as bits.
    var pointsAtInput = false
    /// Arithmetic units map each real input vector to real outputs: they are checked on inputs in
    /// [1, 2] and taught a tiny sum or product instead of reversal (ArithmeticMachineTests).
    var arithmetic = false
    /// The grokking machines answer one token at the last input position: they are checked with
    /// one output and taught x + y mod 3 (`x y =`, all 9 rows) instead of reversal, which a
    /// causal machine read at its input positions cannot do (output 0 is the last input).
    var table = false
    /// A predictor with no parameters (`ctw`): no gradients to check and nothing to train; it is
    /// checked for a proper distribution and for learning within a sequence instead.
    var untrained = false
}

/// Every machine in `MachineCatalog` gets a gradient check and a tiny learning test from here:
/// the arguments are the catalog's names, so a machine added to the catalog without a plan below
/// fails `hasATestPlan` by name instead of going untested. Family suites keep the variants
/// (encodings, extra tapes, read states) and the semantics tests with hand-set weights.
@Suite struct MachineCatalogTests {
    static let plans: [String: MachineTestPlan] = {
        let transformer: (Int) -> [String: String] = { layers in
            TransformerMachineTests.tiny("sin_cos", layers: layers)
        }
        let transformerSmall: (Int) -> [String: String] = { layers in
            ["embedding_dim": "16", "num_layers": "\(layers)", "num_heads": "2"]
        }
        let arithmetic = MachineTestPlan(tiny: [:], small: [:], arithmetic: true)
        let actTiny = ["hidden_size": "4", "max_ponder_steps": "2"]
        return [
            "nau": arithmetic, "nmu": arithmetic, "nac": arithmetic, "nalu": arithmetic, "linear": arithmetic,
            "transformer_lm": MachineTestPlan(
                tiny: transformer(2), small: transformerSmall(2),
                acceptOneSided: true, epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400),
            "looped_transformer": MachineTestPlan(
                tiny: LoopedTransformerTests.tiny, small: ["embedding_dim": "16", "num_heads": "2"],
                epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400),
            "rnn": MachineTestPlan(tiny: ["hidden_size": "4"], small: ["hidden_size": "32"]),
            "lstm": MachineTestPlan(tiny: ["hidden_size": "4"], small: ["hidden_size": "32"]),
            // A step of 1e-2 crosses a ReLU kink of the head on the candidate gate's bias at this seed
            // (central differences 1.20 / 1.58 / 1.69 at 1e-2 / 3e-3 / 1e-3 against the analytic 1.69).
            "gru": MachineTestPlan(tiny: ["hidden_size": "4"], small: ["hidden_size": "32"], epsilon: 1e-3),
            "stack_rnn": MachineTestPlan(
                tiny: ["hidden_size": "4", "stack_size": "3", "stack_cell_size": "2", "n_stacks": "2"],
                small: ["hidden_size": "16", "stack_size": "8", "stack_cell_size": "4"]),
            "stack_lstm": MachineTestPlan(
                tiny: ["hidden_size": "4", "stack_size": "3", "stack_cell_size": "2"],
                small: ["hidden_size": "16", "stack_size": "8", "stack_cell_size": "4"]),
            // stack_size 5 < tape length 6, so the frozen regime is in the check too.
            "ndstack_rnn": MachineTestPlan(
                tiny: ["hidden_size": "4", "stack_states": "2", "stack_symbols": "2", "stack_size": "5"],
                small: ["hidden_size": "16", "stack_states": "2", "stack_symbols": "2", "stack_size": "8"]),
            "tape_rnn": MachineTestPlan(
                tiny: ["hidden_size": "4", "memory_size": "5", "memory_cell_size": "2"],
                small: ["hidden_size": "16", "memory_size": "8", "memory_cell_size": "4"]),
            "transformer_encoder": MachineTestPlan(
                tiny: transformer(2), small: transformerSmall(2),
                acceptOneSided: true, epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400),
            "transformer": MachineTestPlan(
                tiny: transformer(1), small: transformerSmall(1),
                acceptOneSided: true, epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400),
            "ntm": MachineTestPlan(
                tiny: ["controller_size": "8", "memory_size": "6", "memory_width": "4"],
                small: ["controller_size": "16", "memory_size": "8", "memory_width": "6"], maxSteps: 400),
            "memn2n": MachineTestPlan(
                tiny: ["hops": "2", "embedding_size": "8", "position_width": "4"],
                small: ["hops": "2", "embedding_size": "16", "position_width": "8"], maxSteps: 400),
            "ttm": MachineTestPlan(
                tiny: [
                    "memory_tokens": "3", "read_tokens": "2", "embedding_size": "8", "heads": "2",
                    "summarizer_hidden": "8",
                ],
                small: [
                    "memory_tokens": "4", "read_tokens": "2", "embedding_size": "16", "heads": "2",
                    "summarizer_hidden": "16",
                ], maxSteps: 400),
            "pointer_net": MachineTestPlan(
                tiny: ["hidden_size": "4", "glimpses": "1"], small: ["hidden_size": "16"],
                pointsAtInput: true),
            "seq2seq_lstm": MachineTestPlan(tiny: ["hidden_size": "4"], small: ["hidden_size": "16"]),
            "seq2seq_attention": MachineTestPlan(tiny: ["hidden_size": "4"], small: ["hidden_size": "16"]),
            // A halting machine's loss jumps where N(t) changes, so the check must not cross a halting
            // boundary. With max_ponder_steps 2, N(t) = 2 everywhere: the first step halts only at
            // h¹ >= 0.99 (logit 4.6, where b_h = 1 starts it near σ(1) = 0.73), and the cap halts the
            // second; the weights h¹ and R = 1 - h¹ still carry the halting unit's gradient.
            "act_rnn": MachineTestPlan(tiny: actTiny, small: ["hidden_size": "32"]),
            "act_lstm": MachineTestPlan(tiny: actTiny, small: ["hidden_size": "32"]),
            "act_gru": MachineTestPlan(tiny: actTiny, small: ["hidden_size": "32"]),
            // The same cap for the Universal Transformer's per-position halting (max_steps 2).
            "mamba": MachineTestPlan(
                tiny: LinearRecurrentTests.tiny["mamba"]!, small: LinearRecurrentTests.small["mamba"]!,
                learningRate: 3e-3, maxSteps: 400),
            "deltanet": MachineTestPlan(
                tiny: LinearRecurrentTests.tiny["deltanet"]!, small: LinearRecurrentTests.small["deltanet"]!,
                epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400),
            "gated_deltanet": MachineTestPlan(
                tiny: LinearRecurrentTests.tiny["gated_deltanet"]!,
                small: LinearRecurrentTests.small["gated_deltanet"]!,
                epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400),
            "linear_rnn": MachineTestPlan(
                tiny: LinearRecurrentTests.tiny["linear_rnn"]!, small: LinearRecurrentTests.small["linear_rnn"]!,
                learningRate: 3e-3, maxSteps: 400),
            "grok_transformer": MachineTestPlan(
                tiny: GrokMachineTests.tiny, small: ["d_model": "32", "num_heads": "2", "d_mlp": "64"],
                acceptOneSided: true, epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400, table: true),
            "grok_mlp": MachineTestPlan(
                tiny: GrokMachineTests.tinyMLP, small: ["embedding_dim": "16", "hidden_size": "32"],
                acceptOneSided: true, epsilon: 1e-3, maxSteps: 400, table: true),
            "ctw": MachineTestPlan(tiny: ["depth": "2"], small: ["depth": "3"], untrained: true),
            "universal_transformer": MachineTestPlan(
                tiny: UniversalTransformerTests.tiny(), small: ["embedding_dim": "16", "num_heads": "2"],
                acceptOneSided: true, epsilon: 1e-3, learningRate: 3e-3, maxSteps: 400),
        ]
    }()

    @Test(arguments: MachineCatalog.names)
    func hasATestPlan(name: String) {
        #expect(Self.plans[name] != nil, "\(name) is in MachineCatalog but has no MachineTestPlan")
    }

    @Test func everyPlanNamesACatalogMachine() {
        #expect(Set(Self.plans.keys).subtracting(MachineCatalog.names).isEmpty)
    }

    /// Random 3-token inputs over a vocabulary of 3, outputs of length 3 over 2 classes (arithmetic
    /// units: real inputs, one output; table machines: one output).
    @Test(arguments: MachineCatalog.names)
    func gradientCheck(name: String) throws {
        let plan = try #require(Self.plans[name])
        if plan.arithmetic {
            let failures = try ArithmeticMachineTests.gradientFailures(name, plan.tiny)
            #expect(failures.isEmpty, "\(failures)")
            return
        }
        if plan.untrained {
            // No parameters: its logits are log-probabilities, a distribution at every position.
            let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: 2, plan.tiny)
            #expect(machine.namedParameters().isEmpty)
            let x = MachineTestKit.oneHotBatch([[2, 0, 1, 1, 0, 1]], vocab: 3)
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0), outputsAtEachInput: true)
            let logits = machine.logits(input: x, outputLength: 6, targets: nil, context: &context).scalars
            for t in 0..<6 { #expect(abs(exp(logits[2 * t]) + exp(logits[2 * t + 1]) - 1) < 1e-5) }
            return
        }
        let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: 2, plan.tiny)
        var rng = RandomGenerator(seed: 5)
        let x = MachineTestKit.oneHotBatch((0..<2).map { _ in (0..<3).map { _ in rng.nextInt(below: 3) } }, vocab: 3)
        let failures = MachineTestKit.gradientCheck(
            machine, input: x, outputLength: plan.table ? 1 : 3, epsilon: plan.epsilon,
            acceptOneSided: plan.acceptOneSided)
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Reversal of every 3-bit string, fitted exactly (arithmetic units: a tiny sum or product;
    /// table machines: x + y mod 3).
    @Test(arguments: MachineCatalog.names)
    func learnsReversalOfLengthThree(name: String) throws {
        let plan = try #require(Self.plans[name])
        if plan.arithmetic {
            let (initial, final) = try ArithmeticMachineTests.tinyFunctionFit(name, plan.small)
            #expect(final < initial / 20, "\(name): \(initial) -> \(final)")
            return
        }
        if plan.untrained {
            // It learns within a sequence: after a run of 1s behind the start symbol, a 1 next is near certain.
            let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: 2, plan.small)
            let x = MachineTestKit.oneHotBatch([[2] + [Int](repeating: 1, count: 63)], vocab: 3)
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0), outputsAtEachInput: true)
            let logits = machine.logits(input: x, outputLength: 64, targets: nil, context: &context).scalars
            #expect(abs(exp(logits[1]) - 0.5) < 1e-6, "\(name): nothing seen, nothing preferred")
            #expect(exp(logits[127]) > 0.95, "\(name): \(exp(logits[127]))")
            return
        }
        if plan.table {
            let machine = try MachineTestKit.make(name, inputSize: 4, outputSize: 3, plan.small)
            let data = GrokMachineTests.additionTable(modulus: 3)
            let steps = MachineTestKit.stepsToFit(
                machine, input: data.input, targets: data.targets, outputLength: 1, outputSize: 3,
                learningRate: plan.learningRate, maxSteps: plan.maxSteps)
            #expect(steps != nil)
            return
        }
        let machine = try MachineTestKit.make(name, inputSize: 2, outputSize: 2, plan.small)
        let data = MachineTestKit.reversal()
        let targets = plan.pointsAtInput ? (0..<8).flatMap { _ in [2, 1, 0] } : data.targets
        let steps = MachineTestKit.stepsToFit(
            machine, input: data.input, targets: targets, outputLength: 3,
            outputSize: plan.pointsAtInput ? 3 : 2, learningRate: plan.learningRate,
            maxSteps: plan.maxSteps)
        #expect(steps != nil)
    }
}
