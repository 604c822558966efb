import Foundation
import ReckonLab
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Real-valued tasks in the Lab: mean squared error as the loss, the success threshold as the
/// metric, and both in eval.csv and summary.json.
@Suite struct RealValuedRunTests {
    @Test func lossIsMeanSquaredErrorAndScoreIsTheThreshold() throws {
        let task = try #require(try TaskCatalog.task(named: "arithmetic_function") as? any RealValuedTask)
        var rng = RandomGenerator(seed: 1)
        let sampled = task.sample(batchSize: 4, length: 2, rng: &rng)
        // The batch is all right or all wrong against the threshold of its length.
        let loose = RealValueHead(task) { $0 == 2 ? 0.3 : 0 }
        let strict = RealValueHead(task) { _ in 0.2 }
        let batch = loose.encode(sampled, length: 2)
        let target = batch.targetTensor
        #expect(batch.input.shape == [4, 1, 100] && target.shape == [4, 1, 1])
        let off = Tensor(target.scalars.map { $0 + 0.5 }, shape: target.shape)
        #expect(Swift.abs(loose.loss(logits: off, batch: batch).item - 0.25) < 1e-6)
        let e = loose.metrics(logits: off, batch: batch)
        #expect(Swift.abs(e.squaredError - 1) < 1e-4 && e.values == 4)
        #expect(loose.prediction(logits: off, batch: batch) == .reals(off.scalars, width: 1))
        #expect(loose.score(logits: off, batch: batch).accuracy == 1)
        #expect(loose.score(logits: off, batch: loose.encode(sampled, length: 1)).accuracy == 0)
        let wrong = strict.score(logits: off, batch: batch)
        #expect(wrong.accuracy == 0 && wrong.correct == 0 && wrong.counted == 4)
        #expect(loose.randomGuessAccuracy == 0 && !loose.largeLossMeansInstability)
        let head = try #require(OutputHeads.head(for: task) as? RealValueHead)
        #expect(head.successThreshold(forLength: 2) == task.successThreshold(forLength: 2))
        #expect(head.score(logits: target, batch: head.encode(sampled, length: 2)).accuracy == 1)
    }

    /// A short nau run on addition: eval.csv carries mse and mse_threshold per range, summary.json
    /// the extrapolation error and "solved", and reading eval.csv back gives the same results.
    @Test func aRunWritesErrorsAndSolved() throws {
        var c = try LabTestSupport.config(
            task: "arithmetic_function", model: "nau", steps: 300, trainLength: 1, evalMaxLength: 2,
            settings: ["regularizer_start": "50", "regularizer_end": "150"], taskSettings: ["operation": "add"])
        c.batchSize = 32
        c.evalSamples = 200
        c.evalBatchSize = 50
        c.checkpointEvery = 300
        c.logEvery = 100
        let dir = LabTestSupport.temporaryDirectory()
        let outcome = try LabTestSupport.run(c, in: dir)
        let summary = try #require(outcome.summary)
        let results = outcome.evaluation
        #expect(results.map(\.length) == [1, 2])
        let mse = try #require(results[1].mse)
        let threshold = try #require(results[1].mseThreshold)
        #expect(summary.mse == mse && summary.solved == (mse < threshold))
        #expect(summary.score == (mse < threshold ? 1 : 0))
        #expect(results[1].accuracy == (mse < threshold ? 1 : 0))
        let csv = try String(contentsOf: dir.appendingPathComponent("eval.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("length,accuracy,samples,mse,mse_threshold\n"))
        let back = try RunFolder(url: dir).readEvaluation()
        #expect(back.count == 2 && back[1].mseThreshold != nil)
        #expect(Swift.abs(back[1].mse! - mse) <= 1e-6 * mse)
        let json = try String(contentsOf: dir.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(json.contains("\"solved\"") && json.contains("\"mse\""))
        #expect(try RunFolder(url: dir).readSummary().solved == summary.solved)
        // Training lowers the error: the logged MSE of the last steps is below that of the first.
        let metrics = RunFolder(url: dir).readMetrics()
        #expect(try #require(metrics.last?.loss) < (try #require(metrics.first?.loss)) / 2)
        let config = try RunFolder(url: dir).readConfig()
        #expect(config.taskSettings == ["operation": "add"])
    }

    @Test func arithmeticUnitsRefuseTokenTasksAndBadTaskSettings() throws {
        var c = try LabTestSupport.config(task: "parity_check", model: "lstm")
        c.model = "nmu"
        c.machineSettings = try MachineCatalog.spec(named: "nmu").defaults
        #expect(throws: LabError.self) { try c.validate() }
        c.task = "arithmetic_function"
        c.curriculum.maxLength = 1
        c.evalMaxLength = 2
        try c.validate()
        c.taskSettings = ["operation": "pow"]
        #expect(throws: SettingError.self) { try c.validate() }
        c.taskSettings = nil
        c.evalMaxLength = 3
        #expect(throws: LabError.self) { try c.validate() }
    }
}
