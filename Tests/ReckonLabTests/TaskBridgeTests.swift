import ReckonLab
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Scoring where a task's data meets a machine's logits.
@Suite struct TaskBridgeTests {
    @Test func randomGuessBaselineMatchesHowAccuracyIsCounted() throws {
        // Token tasks: one class out of outputSize.
        #expect(TaskBridge.randomGuessAccuracy(try TaskCatalog.task(named: "parity_check")) == 0.5)
        #expect(TaskBridge.randomGuessAccuracy(try TaskCatalog.task(named: "cycle_navigation")) == 0.2)
        // Bit-vector tasks count a position correct only if all its bits are: 2^-bits.
        #expect(TaskBridge.randomGuessAccuracy(try TaskCatalog.task(named: "copy")) == 1.0 / 256)
        #expect(TaskBridge.randomGuessAccuracy(try TaskCatalog.task(named: "repeat_copy")) == 1.0 / 512)
    }

    @Test func bitVectorScoreCountsWrongBitsAndWholeVectors() throws {
        let copy = try TaskCatalog.task(named: "copy")
        var rng = RandomGenerator(seed: 3)
        let encoded = TaskBridge.encode(copy, copy.sample(batchSize: 2, length: 3, rng: &rng))
        let target = try #require(encoded.targetBits)
        // Logits that agree with the target except for two bits in one vector and one in another.
        var logits = target.scalars.map { $0 > 0.5 ? Float(2) : -2 }
        logits[0] = -logits[0]
        logits[1] = -logits[1]
        logits[8 * 4] = -logits[8 * 4]
        let s = TaskBridge.score(logits: Tensor(logits, shape: target.shape), batch: encoded)
        #expect(s.bitErrors == 3)
        #expect(s.counted == 6 && s.correct == 4)
    }
}
