import ReckonLab
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Scoring where a task's data meets a machine's logits: the output heads.
@Suite struct TaskBridgeTests {
    static func head(_ name: String) throws -> any OutputHead {
        OutputHeads.head(for: try TaskCatalog.task(named: name))
    }

    @Test func randomGuessBaselineMatchesHowAccuracyIsCounted() throws {
        // Token tasks: one class out of outputSize.
        #expect(try Self.head("parity_check").randomGuessAccuracy == 0.5)
        #expect(try Self.head("cycle_navigation").randomGuessAccuracy == 0.2)
        // Bit-vector tasks count a position correct only if all its bits are: 2^-bits.
        #expect(try Self.head("copy").randomGuessAccuracy == 1.0 / 256)
        #expect(try Self.head("repeat_copy").randomGuessAccuracy == 1.0 / 512)
    }

    /// One head per output kind, each the kind's own type.
    @Test(arguments: TaskCatalog.names)
    func theHeadFollowsTheOutputKind(_ name: String) throws {
        let t = try TaskCatalog.task(named: name)
        let head = OutputHeads.head(for: t)
        let expected: [TaskOutputKind: Bool] = [
            .tokens: head is TokenHead, .bitVectors: head is BitVectorHead, .reals: head is RealValueHead,
            .pointers: head is PointerHead, .prediction: head is PredictionHead,
        ]
        #expect(expected[t.outputKind] == true, "\(name)")
        // Next-symbol prediction adds the start symbol the shifted sequence begins with.
        #expect(head.inputSize == t.inputSize + (t.outputKind == .prediction ? 1 : 0))
    }

    @Test func bitVectorScoreCountsWrongBitsAndWholeVectors() throws {
        let copy = try TaskCatalog.task(named: "copy")
        let head = BitVectorHead(copy)
        var rng = RandomGenerator(seed: 3)
        let encoded = head.encode(copy.sample(batchSize: 2, length: 3, rng: &rng), length: 3)
        let target = encoded.targetTensor
        // Logits that agree with the target except for two bits in one vector and one in another.
        var logits = target.scalars.map { $0 > 0.5 ? Float(2) : -2 }
        logits[0] = -logits[0]
        logits[1] = -logits[1]
        logits[8 * 4] = -logits[8 * 4]
        let s = head.score(logits: Tensor(logits, shape: target.shape), batch: encoded)
        #expect(s.bitErrors == 3)
        #expect(s.counted == 6 && s.correct == 4)
        let right = Tensor(target.scalars.map { $0 > 0.5 ? 2 : -2 }, shape: target.shape)
        #expect(head.prediction(logits: right, batch: encoded) == encoded.target)
    }
}
