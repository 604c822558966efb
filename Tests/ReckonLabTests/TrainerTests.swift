import Foundation
import ReckonLab
import ReckonMachines
import ReckonNN
import Testing

@Suite struct TrainerTests {
    let quiet = Progress(style: .quiet)

    @Test func sameConfigAndSeedGiveBitIdenticalRuns() throws {
        let c = try LabTestSupport.config()
        let a = try Trainer.start(config: c, out: LabTestSupport.temporaryDirectory("a"), progress: quiet).run(
            handleSignals: false)
        let b = try Trainer.start(config: c, out: LabTestSupport.temporaryDirectory("b"), progress: quiet).run(
            handleSignals: false)
        #expect(LabTestSupport.bytes(a.folder.checkpointURL) == LabTestSupport.bytes(b.folder.checkpointURL))
        #expect(LabTestSupport.bytes(a.folder.evalURL) == LabTestSupport.bytes(b.folder.evalURL))
        #expect(a.summary?.score == b.summary?.score)
        var other = c
        other.seed = 1
        let d = try Trainer.start(config: other, out: LabTestSupport.temporaryDirectory("d"), progress: quiet).run(
            handleSignals: false)
        #expect(LabTestSupport.bytes(a.folder.checkpointURL) != LabTestSupport.bytes(d.folder.checkpointURL))
    }

    @Test func interruptedAndResumedRunEndsBitIdentical() throws {
        let c = try LabTestSupport.config()
        let whole = try Trainer.start(config: c, out: LabTestSupport.temporaryDirectory("whole"), progress: quiet).run(
            handleSignals: false)
        let url = LabTestSupport.temporaryDirectory("parts")
        let first = try Trainer.start(config: c, out: url, progress: quiet)
        first.stopAtStep = 17  // between checkpoints: the interruption itself writes one
        let interrupted = try first.run(handleSignals: false)
        #expect(interrupted.interrupted && interrupted.summary == nil)
        let resumed = try Trainer.resume(url, requested: { $0 }, progress: quiet)
        #expect(resumed.session.step == 17)
        let done = try resumed.run(handleSignals: false)
        #expect(LabTestSupport.bytes(whole.folder.checkpointURL) == LabTestSupport.bytes(done.folder.checkpointURL))
        #expect(LabTestSupport.bytes(whole.folder.evalURL) == LabTestSupport.bytes(done.folder.evalURL))
        #expect(whole.summary?.score == done.summary?.score)
        let steps = done.folder.readMetrics().map(\.step)
        #expect(steps == whole.folder.readMetrics().map(\.step))
    }

    @Test func runFolderHoldsEveryFile() throws {
        let out = try Trainer.start(
            config: try LabTestSupport.config(steps: 10), out: LabTestSupport.temporaryDirectory(), progress: quiet
        )
        .run(handleSignals: false)
        for url in [
            out.folder.configURL, out.folder.metricsURL, out.folder.evalURL, out.folder.summaryURL,
            out.folder.checkpointURL,
        ] {
            #expect(FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent)")
        }
        let eval = try out.folder.readEvaluation()
        #expect(eval.map(\.length) == Array(1...10))
        let summary = try out.folder.readSummary()
        #expect(summary.trainLength == 6 && summary.steps == 10)
        let file = try Safetensors.read(from: out.folder.checkpointURL)
        #expect(file.metadata["step"] == "10")
        #expect(file.tensors.keys.contains { $0.hasPrefix("optimizer.adam.m.") })
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: out.folder.url.path)
        #expect(
            Set(names) == [
                "config.json", "metrics.jsonl", "eval.csv", "summary.json", "checkpoint.safetensors",
                RunFolder.lockName,
            ])
        #expect(summary.status == .complete)
    }

    @Test func reEvaluationReproducesTheScore() throws {
        let out = try Trainer.start(
            config: try LabTestSupport.config(steps: 10), out: LabTestSupport.temporaryDirectory(), progress: quiet
        )
        .run(handleSignals: false)
        let again = try LabTestSupport.evaluate(out.folder.url)
        #expect(again.summary?.score == out.summary?.score)
        #expect(again.evaluation == out.evaluation)
    }
}
