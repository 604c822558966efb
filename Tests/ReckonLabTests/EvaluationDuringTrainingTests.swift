import ReckonSupport
import Foundation
import ReckonLab
import ReckonMachines
import Testing

/// `--eval-every`: evaluations recorded in metrics.jsonl during training, and the step stable-nalu
/// judges a run at (the best on the training lengths).
@Suite struct EvaluationDuringTrainingTests {
    let quiet = Progress(style: .quiet)

    static func nauOnSubtraction(steps: Int = 60, evalEvery: Int = 20) throws -> RunConfig {
        var c = try LabTestSupport.config(
            task: "arithmetic_function", model: "nau", steps: steps, trainLength: 1, evalMaxLength: 2,
            settings: ["regularizer_start": "20", "regularizer_end": "40"], taskSettings: ["operation": "sub"])
        c.batchSize = 32
        c.evalSamples = 100
        c.evalBatchSize = 50
        c.checkpointEvery = 30
        c.logEvery = 25
        c.evalEvery = evalEvery
        return c
    }

    /// The evaluations use their own streams: the checkpoint, eval.csv and the logged losses are
    /// those of the same run without them; every multiple of eval_every but the last step (whose
    /// evaluation is the final one) gets a record with one.
    @Test func evaluationsChangeNothingElse() throws {
        let with = try LabTestSupport.run(try Self.nauOnSubtraction(), in: LabTestSupport.temporaryDirectory("with"))
        let without = try LabTestSupport.run(
            try Self.nauOnSubtraction(evalEvery: 0), in: LabTestSupport.temporaryDirectory("without"))
        #expect(LabTestSupport.bytes(with.folder.checkpointURL) == LabTestSupport.bytes(without.folder.checkpointURL))
        #expect(LabTestSupport.bytes(with.folder.evalURL) == LabTestSupport.bytes(without.folder.evalURL))
        let records = with.folder.readMetrics()
        #expect(records.filter { $0.evaluation != nil }.map(\.step) == [20, 40])
        #expect(records.map(\.step) == [1, 20, 25, 40, 50, 60])
        let plain = without.folder.readMetrics()
        #expect(plain.map(\.step) == [1, 25, 50, 60])
        for r in plain { #expect(records.first { $0.step == r.step }?.loss == r.loss) }
        #expect(records.first { $0.step == 20 }?.evaluation?.map(\.length) == [1, 2])
        // The run without evaluations writes none and no best step.
        #expect(plain.allSatisfy { $0.evaluation == nil })
        #expect(without.summary?.bestStep == nil && without.summary?.solvedAtBestStep == nil)
    }

    /// summary.json's best step is the recorded step of lowest interpolation error, and what it
    /// says there is read from that step's evaluation.
    @Test func theBestStepIsTheLowestInterpolationError() throws {
        let run = try LabTestSupport.run(try Self.nauOnSubtraction(), in: LabTestSupport.temporaryDirectory())
        let summary = try #require(run.summary)
        let evaluated =
            run.folder.readMetrics().compactMap { r in r.evaluation.map { (r.step, $0) } }
            + [(60, run.evaluation)]
        let best = try #require(evaluated.min { $0.1[0].mse! < $1.1[0].mse! })
        #expect(summary.bestStep == best.0)
        #expect(summary.solvedAtBestStep == (best.1[1].mse! < best.1[1].mseThreshold!))
        #expect(summary.scoreAtBestStep == best.1[1].accuracy)
        let back = try run.folder.readSummary()
        #expect(back.bestStep == summary.bestStep && back.solvedAtBestStep == summary.solvedAtBestStep)
    }

    /// A run interrupted between evaluations, or at a step whose evaluation had not run yet (as a
    /// stop during it leaves it), resumes to the same records and checkpoint.
    @Test(arguments: [45, 20]) func resumedRunsRecordTheSameEvaluations(stopAt: Int) throws {
        let c = try Self.nauOnSubtraction()
        let whole = try LabTestSupport.run(c, in: LabTestSupport.temporaryDirectory("whole"))
        let url = LabTestSupport.temporaryDirectory("parts")
        let first = try Trainer.start(config: c, out: url, progress: quiet)
        first.stopAtStep = stopAt
        #expect(try first.run(handleSignals: false).interrupted)
        let saved = RunFolder(url: url).readMetrics()
        if stopAt % 20 == 0 { #expect(saved.last?.step == stopAt && saved.last?.evaluation == nil) }
        let done = try Trainer.resume(url, requested: { $0 }, progress: quiet).run(handleSignals: false)
        func evaluations(_ o: RunOutcome) -> [[LengthResult]?] { o.folder.readMetrics().map(\.evaluation) }
        #expect(evaluations(done) == evaluations(whole))
        #expect(done.summary?.bestStep == whole.summary?.bestStep)
        #expect(LabTestSupport.bytes(done.folder.checkpointURL) == LabTestSupport.bytes(whole.folder.checkpointURL))
    }

    /// eval_every beyond the last step evaluates nothing during training: no best step.
    @Test func noEvaluationDuringTrainingNoBestStep() throws {
        let run = try LabTestSupport.run(
            try Self.nauOnSubtraction(steps: 30, evalEvery: 40), in: LabTestSupport.temporaryDirectory())
        #expect(run.folder.readMetrics().allSatisfy { $0.evaluation == nil })
        #expect(run.summary?.bestStep == nil && run.summary?.scoreAtBestStep == nil)
    }

    /// The rule itself: lowest error on the seen lengths, the earliest step on a tie; accuracy for
    /// tasks without errors; nothing without unseen lengths.
    @Test func theRulePicksTheEarliestBest() {
        func real(_ seen: Double, _ unseen: Double) -> [LengthResult] {
            [
                LengthResult(length: 1, accuracy: 0, samples: 1, bitErrorsPerSequence: nil, mse: seen, mseThreshold: 1),
                LengthResult(
                    length: 2, accuracy: unseen < 1 ? 1 : 0, samples: 1, bitErrorsPerSequence: nil, mse: unseen,
                    mseThreshold: 1),
            ]
        }
        let best = EvaluationDuringTraining.bestStep(
            [(30, real(0.1, 5)), (10, real(0.5, 0.5)), (20, real(0.1, 0.2))], trainLength: 1)
        #expect(best == .init(step: 20, score: 1, solved: true, mse: 0.2))
        func tokens(_ seen: Double, _ unseen: Double) -> [LengthResult] {
            [
                LengthResult(length: 1, accuracy: seen, samples: 1, bitErrorsPerSequence: nil),
                LengthResult(length: 2, accuracy: unseen, samples: 1, bitErrorsPerSequence: nil),
            ]
        }
        let byAccuracy = EvaluationDuringTraining.bestStep(
            [(10, tokens(0.9, 0.3)), (20, tokens(1, 0.6)), (30, tokens(1, 0.2))], trainLength: 1)
        #expect(byAccuracy == .init(step: 20, score: 0.6, solved: nil, mse: nil))
        #expect(EvaluationDuringTraining.bestStep([(10, tokens(1, 1))], trainLength: 2) == nil)
        // Only the last `window` evaluations count (stable-nalu's best.range), and NaN never wins.
        let windowed = EvaluationDuringTraining.bestStep(
            [(10, real(0.01, 0.5)), (20, real(0.3, 2)), (30, real(0.2, 3))], trainLength: 1, window: 2)
        #expect(windowed?.step == 30 && windowed?.solved == false)
        #expect(EvaluationDuringTraining.bestStep([(10, real(.nan, 0)), (20, real(5, 5))], trainLength: 1)?.step == 20)
        #expect(EvaluationDuringTraining.window == 100)
        #expect(EvaluationDuringTraining.bestStep([], trainLength: 1) == nil)
    }

    /// eval_every is a run setting: 0 turns it off, a negative value is a one-line error.
    @Test func evalEveryIsARunSetting() throws {
        var r = RunRequest(task: "parity_check", model: "lstm", overrides: [SettingOverride("eval_every", "500")])
        #expect(try r.newRun().evalEvery == 500)
        r.overrides = [SettingOverride("eval_every", "0")]
        #expect(try r.newRun().evalEvery == 0)
        r.overrides = [SettingOverride("eval_every", "-3")]
        #expect(throws: SettingError.self) { try r.newRun() }
        let c = try RunRequest.apply([SettingOverride("eval_every", "1000")], to: try LabTestSupport.config())
        #expect(c.evalEvery == 1000 && c.settings.text(of: "eval_every") == "1000")
        #expect(throws: SettingError.self) { try RunRequest.apply([SettingOverride("eval_every", "-1")], to: c) }
    }
}
