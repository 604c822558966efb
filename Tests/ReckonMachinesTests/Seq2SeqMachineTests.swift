import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// seq2seq_lstm and seq2seq_attention beyond MachineCatalogTests (greedy gradient check, reversal):
/// the teacher-forced gradient check, and teacher forcing against greedy decoding.
@Suite struct Seq2SeqMachineTests {
    static let names = ["seq2seq_lstm", "seq2seq_attention"]

    @Test(arguments: names)
    func teacherForcedGradientCheck(_ name: String) throws {
        let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: 4, ["hidden_size": "4"])
        let x = MachineTestKit.oneHotBatch([[0, 1, 2, 1], [2, 2, 0, 1]], vocab: 3)
        let targets = oneHot([3, 0, 1, 1, 2, 0], idShape: [2, 3], depth: 4)
        let failures = MachineTestKit.gradientCheck(machine, input: x, outputLength: 3, targets: targets)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(arguments: names)
    func teacherForcingReproducesGreedyDecoding(_ name: String) throws {
        let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: 5, ["hidden_size": "8"], seed: 3)
        let x = MachineTestKit.oneHotBatch([[0, 1, 2, 1], [2, 2, 0, 1], [1, 1, 1, 0]], vocab: 3)
        let (greedy, forced) = machine.withoutGradients {
            var ctx = ForwardContext.evaluation
            let greedy = machine.logits(input: x, outputLength: 4, targets: nil, context: &ctx)
            let targets = oneHot(greedy.argmaxLastAxis(), idShape: [3, 4], depth: 5)
            return (greedy, machine.logits(input: x, outputLength: 4, targets: targets, context: &ctx))
        }
        let difference = zip(greedy.scalars, forced.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-4, "\(difference)")
    }
}
