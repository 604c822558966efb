import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// transformer_lm: gradients for every positional encoding (its default and the learning test are
/// in MachineCatalogTests), causality, and greedy decoding with the KV cache equal to teacher forcing on its own
/// predictions.
@Suite struct TransformerLMTests {
    static let encodings = PositionalEncoding.allCases.map(\.rawValue)

    @Test(arguments: encodings)
    func gradientCheck(encoding: String) throws {
        let machine = try MachineTestKit.make(
            "transformer_lm", inputSize: 3, outputSize: 3,
            TransformerMachineTests.tiny(encoding))
        let targets = MachineTestKit.oneHotBatch([[0, 2], [1, 1]], vocab: 3)
        let failures = MachineTestKit.gradientCheck(
            machine, input: TransformerMachineTests.input(), outputLength: 2,
            targets: targets, epsilon: 1e-3, acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func gradientCheckWithComputationSteps() throws {
        let machine = try MachineTestKit.make(
            "transformer_lm", inputSize: 3, outputSize: 3,
            TransformerMachineTests.tiny("rotary", ["computation_steps_mult": "1"]))
        let targets = MachineTestKit.oneHotBatch([[0, 2, 1], [1, 1, 0]], vocab: 3)
        let failures = MachineTestKit.gradientCheck(
            machine, input: TransformerMachineTests.input(), outputLength: 3,
            targets: targets, epsilon: 1e-3, acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Logits at answer position t depend on the answer tokens before t only.
    @Test(arguments: encodings)
    func changingATargetOnlyChangesLaterLogits(encoding: String) throws {
        let machine = try MachineTestKit.make(
            "transformer_lm", inputSize: 3, outputSize: 3,
            TransformerMachineTests.tiny(encoding))
        let x = TransformerMachineTests.input(rows: 2, length: 4)
        let rows = [[0, 1, 2, 0], [2, 2, 1, 0]]
        let a = MachineTestKit.oneHotBatch(rows, vocab: 3)
        let la = TransformerMachineTests.evaluate(machine, x, outputLength: 4, targets: a)
        for t in 0..<4 {
            var changed = rows
            changed[0][t] = (changed[0][t] + 1) % 3
            changed[1][t] = (changed[1][t] + 2) % 3
            let lb = TransformerMachineTests.evaluate(
                machine, x, outputLength: 4,
                targets: MachineTestKit.oneHotBatch(changed, vocab: 3))
            let before = 0..<t + 1
            let after = t + 1..<4
            #expect(TransformerMachineTests.maxDifference(la.slice(axis: 1, before), lb.slice(axis: 1, before)) == 0)
            if t < 3 {
                #expect(TransformerMachineTests.maxDifference(la.slice(axis: 1, after), lb.slice(axis: 1, after)) > 0)
            }
        }
    }

    /// Greedy decoding (one token per step, keys and values cached) gives the logits of teacher
    /// forcing on its own predictions; the tape interface decodes the same way.
    @Test(arguments: encodings)
    func greedyDecodingEqualsTeacherForcingOnItsPredictions(encoding: String) throws {
        let machine = try MachineTestKit.make(
            "transformer_lm", inputSize: 3, outputSize: 3,
            TransformerMachineTests.tiny(encoding), seed: 4)
        let x = TransformerMachineTests.input(rows: 3, length: 5)
        let greedy = TransformerMachineTests.evaluate(machine, x, outputLength: 4, seed: 11)
        let predictions = greedy.argmaxLastAxis()
        let forced = TransformerMachineTests.evaluate(
            machine, x, outputLength: 4,
            targets: oneHot(predictions, idShape: [3, 4], depth: 3), seed: 11)
        #expect(greedy.shape == [3, 4, 3] && TransformerMachineTests.maxDifference(greedy, forced) < 1e-5)
        let tape = Readout.tape(x, outputLength: 4, computationStepsMultiplier: 0)
        let viaTape = machine.withoutGradients {
            var ctx = ForwardContext(training: false, rng: RandomGenerator(seed: 11))
            return machine.forward(tape, inputLength: 5, context: &ctx)
        }
        #expect(viaTape.shape == [3, 9, 3])
        #expect(TransformerMachineTests.maxDifference(viaTape.slice(axis: 1, 5..<9), greedy) < 1e-5)
    }
}
