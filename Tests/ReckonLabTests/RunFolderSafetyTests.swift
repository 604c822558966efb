import Foundation
import ReckonNN
import Testing

@testable import ReckonLab

/// Issue 13: what keeps a run folder whole — divergence stops before a save, one writer at a
/// time, leftovers of killed writers removed, and evaluation that never destroys results.
@Suite struct RunFolderSafetyTests {
    let quiet = Progress(style: .quiet)

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch { return "\(error)" }
    }

    /// The tiny reverse_string run, checkpointing every 50 steps.
    func tinyReverse(learningRate: Double, steps: Int = 200) throws -> RunConfig {
        var c = try LabTestSupport.config(
            task: "reverse_string", hidden: 32, steps: steps, trainLength: 10,
            evalMaxLength: 20)
        c.learningRate = learningRate
        c.checkpointEvery = 50
        c.logEvery = 100
        c.evalSamples = 8
        return c
    }

    /// Bug 2: a NaN loss once trained on and overwrote the last good checkpoint with NaN
    /// weights. At learning rate 1e37 this run's loss is first NaN at step 58 here (after the
    /// step-50 checkpoint; the step depends on the BLAS kernel's rounding, so it is read from
    /// the run); at 1e38 it is NaN at step 2, before any checkpoint.
    @Test func divergenceStopsBeforeAnySaveAndKeepsTheLastGoodCheckpoint() throws {
        let dir = LabTestSupport.temporaryDirectory("diverged")
        let out = try LabTestSupport.run(try tinyReverse(learningRate: 1e37), in: dir)
        let line = try #require(out.divergence)
        let summary = try out.folder.readSummary()
        let step = try #require(summary.divergedAtStep)
        try #require(step > 50, "the run should diverge after its first checkpoint")
        let kept = (step - 1) / 50 * 50
        #expect(
            line.hasPrefix(
                "training diverged at step \(step) (loss is nan); "
                    + "the checkpoint of step \(kept) is kept"))
        #expect(!line.contains("\n"))
        #expect(summary.status == .diverged && summary.lastCheckpointStep == kept && summary.steps == step - 1)
        #expect(summary.score == nil, "a diverged run has no score a sweep could mistake for a result")
        // The checkpoint on disk is the one a run stopping at that step writes, byte for byte.
        let stopped = try LabTestSupport.run(
            try tinyReverse(learningRate: 1e37, steps: kept),
            in: LabTestSupport.temporaryDirectory("stopped"))
        #expect(stopped.divergence == nil && stopped.summary?.status == .complete)
        #expect(LabTestSupport.bytes(out.folder.checkpointURL) == LabTestSupport.bytes(stopped.folder.checkpointURL))
        // metrics.jsonl still matches the checkpoint, and nothing else was written.
        #expect(out.folder.readMetrics().map(\.step) == (kept >= 100 ? [1, 100] : [1]))
        #expect(!FileManager.default.fileExists(atPath: out.folder.evalURL.path))
        // Resuming or evaluating it is refused in one line.
        for open in [
            { _ = try Trainer.resume(dir, requested: { $0 }, progress: quiet) },
            { _ = try SavedRun.open(dir, maxLength: nil) },
        ] {
            #expect(message(open)?.contains("diverged at step \(step) (loss is nan)") == true)
        }

        let early = try LabTestSupport.run(
            try tinyReverse(learningRate: 1e38),
            in: LabTestSupport.temporaryDirectory("early"))
        #expect(early.divergence?.contains("at step 2 (loss is nan); no checkpoint was written") == true)
        #expect(!FileManager.default.fileExists(atPath: early.folder.checkpointURL.path))
    }

    /// Bug 2: metrics must never fail to encode a non-finite number.
    @Test func nonFiniteMetricsAreWrittenAsStrings() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let folder = RunFolder(url: dir)
        let records = [
            MetricsRecord(
                step: 1, loss: .nan, accuracy: 0.5, length: 3, stepsPerSecond: .infinity,
                seconds: 1)
        ]
        try folder.writeMetrics(records)
        let text = try String(contentsOf: folder.metricsURL, encoding: .utf8)
        #expect(text.contains("\"loss\":\"nan\"") && text.contains("\"steps_per_s\":\"inf\""))
        #expect(folder.readMetrics().first?.loss.isNaN == true)
    }

    /// Bug 2: an evaluation whose training time is unknown printed "200000000000.0 steps/s".
    @Test func unknownTrainingTimeGivesNoRate() throws {
        let dir = LabTestSupport.temporaryDirectory()
        _ = try LabTestSupport.run(try LabTestSupport.config(steps: 5), in: dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("metrics.jsonl"))
        let again = try LabTestSupport.evaluate(dir)
        let summary = try #require(again.summary)
        #expect(summary.stepsPerSecond == nil)
        let table = SummaryTable.render(summary, evaluation: again.evaluation, folder: dir.path)
        #expect(table.contains("training time unknown") && !table.contains("steps/s"))
    }

    /// Bug 3: the stop flag was read only by the training loop. A stop during evaluation keeps
    /// the training result, marks the run evaluation-incomplete, and `evaluate` completes it
    /// with the bytes an uninterrupted run writes.
    @Test func stopDuringEvaluationIsHonouredAndCompletedLater() throws {
        let c = try LabTestSupport.config(steps: 20)
        let whole = try LabTestSupport.run(c, in: LabTestSupport.temporaryDirectory("whole"))
        let dir = LabTestSupport.temporaryDirectory("parts")
        let trainer = try Trainer.start(config: c, out: dir, progress: quiet)
        trainer.stopAfterEvaluatingLength = 4
        let stopped = try trainer.run(handleSignals: false)
        #expect(stopped.interrupted && stopped.summary == nil)
        #expect(LabTestSupport.bytes(stopped.folder.checkpointURL) == LabTestSupport.bytes(whole.folder.checkpointURL))
        #expect(try stopped.folder.readSummary().status == .evaluationIncomplete)
        #expect(!FileManager.default.fileExists(atPath: stopped.folder.evalURL.path))
        let done = try LabTestSupport.evaluate(dir)
        #expect(done.summary?.status == .complete)
        #expect(LabTestSupport.bytes(done.folder.evalURL) == LabTestSupport.bytes(whole.folder.evalURL))
        #expect(done.summary?.score == whole.summary?.score)
        // An interrupted re-evaluation of a complete run leaves its results as they were.
        let summaryBytes = LabTestSupport.bytes(done.folder.summaryURL)
        let again = try SavedRun.open(dir, maxLength: nil)
        again.stopAfterEvaluatingLength = 2
        #expect(try again.evaluate(progress: quiet, handleSignals: false).interrupted)
        #expect(LabTestSupport.bytes(done.folder.summaryURL) == summaryBytes)
        #expect(LabTestSupport.bytes(done.folder.evalURL) == LabTestSupport.bytes(whole.folder.evalURL))
    }

    /// Bug 9: `eval --max-length 5` at or below the training length overwrote eval.csv and
    /// summary.json with "score 0.000 on lengths 11-5". Such a length is refused; any other
    /// length than the run's own goes to eval-<N>.csv and summary-<N>.json.
    @Test func reEvaluationNeverReplacesTheRunsResults() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let first = try LabTestSupport.run(try LabTestSupport.config(steps: 5), in: dir)
        let eval = LabTestSupport.bytes(first.folder.evalURL)
        let summary = LabTestSupport.bytes(first.folder.summaryURL)
        for length in [6, 5, 1] {
            let m = message { _ = try SavedRun.open(dir, maxLength: length) }
            #expect(
                m == "--max-length (\(length)) must be above the run's training length (6): "
                    + "the score is measured on the lengths after it")
        }
        let tooLong = message { _ = try SavedRun.open(dir, maxLength: 100_001) }
        #expect(tooLong?.contains("valid lengths") == true)
        let further = try LabTestSupport.evaluate(dir, maxLength: 12)
        #expect(further.summary?.evalMaxLength == 12)
        let files = first.folder.evaluationFiles(maxLength: 12)
        #expect(files.eval.lastPathComponent == "eval-12.csv" && files.summary.lastPathComponent == "summary-12.json")
        #expect(try first.folder.readEvaluation(from: files.eval).map(\.length) == Array(1...12))
        #expect(LabTestSupport.bytes(first.folder.evalURL) == eval)
        #expect(LabTestSupport.bytes(first.folder.summaryURL) == summary)
        // The run's own length rewrites its own files with the same evaluation.
        let own = try LabTestSupport.evaluate(dir, maxLength: 10)
        #expect(LabTestSupport.bytes(first.folder.evalURL) == eval && own.summary?.score == first.summary?.score)
    }

    /// `eval --samples S` measures each length on S sequences into eval-<N>-samples<S>.csv, leaving the
    /// run's own files alone; the run's own count is the run's own evaluation. A count out of bounds is
    /// refused and leaves the folder as it was.
    @Test func anotherSampleCountGoesToItsOwnFiles() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let first = try LabTestSupport.run(try LabTestSupport.config(steps: 5), in: dir)
        let eval = LabTestSupport.bytes(first.folder.evalURL)
        let summary = LabTestSupport.bytes(first.folder.summaryURL)
        let more = try SavedRun.open(dir, maxLength: nil, samples: 40)
            .evaluate(progress: Progress(style: .quiet), handleSignals: false)
        let files = first.folder.evaluationFiles(maxLength: 10, samples: 40)
        #expect(files.eval.lastPathComponent == "eval-10-samples40.csv")
        #expect(files.summary.lastPathComponent == "summary-10-samples40.json")
        let rows = try first.folder.readEvaluation(from: files.eval)
        #expect(rows.map(\.length) == Array(1...10) && rows.allSatisfy { $0.samples == 40 })
        #expect(more.summary?.score != nil)
        #expect(LabTestSupport.bytes(first.folder.evalURL) == eval)
        #expect(LabTestSupport.bytes(first.folder.summaryURL) == summary)
        // The run's own count is the run's own evaluation, into its own files.
        let own = try SavedRun.open(dir, maxLength: nil, samples: 16)
            .evaluate(progress: Progress(style: .quiet), handleSignals: false)
        #expect(LabTestSupport.bytes(first.folder.evalURL) == eval && own.summary?.score == first.summary?.score)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        for bad in [0, RunSettings.maximumEvaluationSamples + 1] {
            #expect(message { _ = try SavedRun.open(dir, maxLength: nil, samples: bad) }?.contains("--samples") == true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == names)
    }

    /// Bug 4: two processes could write one run folder. Every writer takes the folder's lock;
    /// the second one is told who holds it. (flock locks belong to open files, so two
    /// trainers of one process exclude each other exactly as two processes do.)
    @Test func oneWriterPerRunFolder() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let c = try LabTestSupport.config(steps: 5)
        let holder = try Trainer.start(config: c, out: dir, progress: quiet)
        let expected = LabError.runInUse(path: dir.path, pid: getpid()).description
        #expect(message { _ = try Trainer.start(config: c, out: dir, progress: quiet) } == expected)
        #expect(message { _ = try Trainer.resume(dir, requested: { $0 }, progress: quiet) } == expected)
        #expect(message { _ = try SavedRun.open(dir, maxLength: nil) } == expected)
        #expect(expected.contains("in use by process \(getpid())"))
        _ = try holder.run(handleSignals: false)
        // Released when the run returns: the next writer gets in.
        #expect(try LabTestSupport.evaluate(dir).summary != nil)
    }

    /// Bug 11: a kill mid-write left `.checkpoint.safetensors.tmp-PID-*` forever. Opening the
    /// folder for writing removes those of dead processes; a folder holding only such
    /// leftovers (a kill while config.json was written) counts as empty for a new run.
    @Test func leftoversOfKilledWritersAreRemoved() throws {
        let dir = LabTestSupport.temporaryDirectory()
        _ = try LabTestSupport.run(try LabTestSupport.config(steps: 5), in: dir)
        let stale = [".checkpoint.safetensors.tmp-99999999-ab12", ".metrics.jsonl.tmp-99999998-cd"]
        for name in stale { try Data("half".utf8).write(to: dir.appendingPathComponent(name)) }
        _ = try Trainer.resume(dir, requested: { $0 }, progress: quiet)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names.isDisjoint(with: stale))

        let fresh = LabTestSupport.temporaryDirectory("fresh")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        try Data("{".utf8).write(to: fresh.appendingPathComponent(".config.json.tmp-99999999-ef"))
        let out = try LabTestSupport.run(try LabTestSupport.config(steps: 5), in: fresh)
        #expect(out.summary?.status == .complete)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: fresh.path)).contains { $0.contains(".tmp-") })
    }
}
