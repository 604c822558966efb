import Foundation
import ReckonMachines
import ReckonTasks
import Testing

@testable import ReckonLab

/// A run on a table task trains on its fixed split, is evaluated on the held-out entries instead of
/// over lengths, logs both sides every `eval_every` steps and can stop when it groks.
@Suite struct TableRunTests {
    /// x + y mod 11 with half the 121 entries for training, Nanda et al.'s model at a quarter width.
    static func config(steps: Int = 200, batch: Int = 512) throws -> RunConfig {
        var c = try LabTestSupport.config(
            task: "modular_addition", model: "grok_transformer", steps: steps, trainLength: 3, evalMaxLength: 3,
            settings: ["d_model": "32", "d_mlp": "64"], taskSettings: ["p": "11", "train_fraction": "0.5"])
        c.batchSize = batch
        c.learningRate = 1e-2
        c.weightDecay = 1
        c.adamBeta2 = 0.98
        c.maxGradNorm = 0
        c.evalEvery = 50
        c.checkpointEvery = 50
        c.logEvery = 50
        return c
    }

    @Test func aTableRunIsScoredOnItsHeldOutEntries() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let outcome = try LabTestSupport.run(try Self.config(), in: dir)
        let s = try #require(outcome.summary)
        let held = try #require(s.heldOut)
        #expect(s.evaluationAxis == "held_out_entries")
        #expect(held.trainEntries == 60 && held.testEntries == 61)
        #expect(s.score == held.final.testAccuracy && s.trainLengthAccuracy == held.final.trainAccuracy)
        #expect(held.final.trainAccuracy == 1 && held.memorizationStep != nil)
        #expect(held.fourierNorms?.count == 5)
        #expect(outcome.evaluation.count == 1 && outcome.evaluation[0].length == 3)
        #expect(outcome.evaluation[0].samples == 61)
        // Every multiple of eval_every and the last step have their held-out record; nothing is evaluated
        // over lengths.
        let records = RunFolder(url: dir).readMetrics()
        #expect(records.compactMap { $0.heldOut == nil ? nil : $0.step } == [50, 100, 150, 200])
        #expect(records.last?.heldOut == held.final)
        #expect(records.allSatisfy { $0.evaluation == nil })
        #expect(records.compactMap(\.heldOut).allSatisfy { $0.weightNorm > 0 && $0.fourierGini != nil })
        // `reckon eval` measures the same entries with the same parameters.
        let again = try LabTestSupport.evaluate(dir)
        #expect(again.summary?.heldOut?.final == held.final)
    }

    /// With `stop_when_grokked` training ends at the first evaluation whose held-out accuracy reaches
    /// the threshold; that step is the grokking step, and resuming the finished run trains no further.
    @Test func aRunStopsWhenItGroks() throws {
        var c = try Self.config(steps: 2000)
        c.grokThreshold = 0.3
        c.stopWhenGrokked = true
        let dir = LabTestSupport.temporaryDirectory()
        let outcome = try LabTestSupport.run(c, in: dir)
        let held = try #require(outcome.summary?.heldOut)
        let first = RunFolder(url: dir).readMetrics().first { ($0.heldOut?.testAccuracy ?? 0) >= 0.3 }
        let step = try #require(first?.step, "the small model should pass 0.3 held out within 2000 steps")
        #expect(held.grokkingStep == step && held.stoppedWhenGrokked && outcome.summary?.steps == step)
        #expect(step < 2000)
        let resumed = try Trainer.resume(dir, requested: { $0 }, progress: Progress(style: .quiet))
            .run(handleSignals: false)
        #expect(resumed.summary?.steps == step && resumed.summary?.heldOut?.grokkingStep == step)
        #expect(try LabTestSupport.evaluate(dir).summary?.heldOut?.final == held.final)
    }

    /// Minibatch epochs draw each epoch's order from (seed, epoch): a run stopped and resumed ends with
    /// the same checkpoint and metrics as one that ran straight through, whether it stopped between
    /// evaluations or at one (whose held-out record the resumed run then measures).
    @Test(arguments: [23, 50]) func aResumedMinibatchRunIsBitIdentical(stopAt: Int) throws {
        let c = try Self.config(steps: 120, batch: 16)
        let straight = LabTestSupport.temporaryDirectory("straight")
        _ = try LabTestSupport.run(c, in: straight)
        let split = LabTestSupport.temporaryDirectory("split")
        let trainer = try Trainer.start(config: c, out: split, progress: Progress(style: .quiet))
        trainer.stopAtStep = stopAt
        #expect(try trainer.run(handleSignals: false).interrupted)
        _ = try Trainer.resume(split, requested: { $0 }, progress: Progress(style: .quiet)).run(handleSignals: false)
        let name = RunFolder.checkpointName
        #expect(
            LabTestSupport.bytes(straight.appendingPathComponent(name))
                == LabTestSupport.bytes(split.appendingPathComponent(name)))
        let held = { (dir: URL) in RunFolder(url: dir).readMetrics().filter { $0.heldOut != nil }.map(\.step) }
        #expect(held(split) == [50, 100, 120] && held(straight) == held(split))
        let results = { (dir: URL) in RunFolder(url: dir).readMetrics().compactMap(\.heldOut) }
        #expect(results(split) == results(straight))
    }

    /// Settings that only mean something for tables, or only with evaluations, are refused in one line.
    @Test func grokkingSettingsAreRefusedWhereTheyMeanNothing() throws {
        var c = try Self.config()
        c.stopWhenGrokked = true
        c.evalEvery = 0
        #expect(throws: (any Error).self) { try c.validate() }
        var lengths = try LabTestSupport.config()
        lengths.stopWhenGrokked = true
        lengths.evalEvery = 10
        #expect(throws: LabError.self) { try lengths.validate() }
        lengths.stopWhenGrokked = false
        lengths.grokThreshold = 0.5
        #expect(throws: LabError.self) { try lengths.validate() }
        // A table run has no lengths to evaluate to.
        let dir = LabTestSupport.temporaryDirectory()
        _ = try LabTestSupport.run(try Self.config(steps: 50), in: dir)
        #expect(throws: LabError.self) { try LabTestSupport.evaluate(dir, maxLength: 10) }
    }

    @Test func machinesThatCannotTakeATasksShapeAreRefusedInOneLine() throws {
        var c = try LabTestSupport.config(task: "reverse_string", model: "grok_mlp", settings: [:])
        c.evalMaxLength = 10
        #expect(throws: LabError.self) { try c.validate() }
        do { try c.validate() } catch { #expect(!"\(error)".contains("\n") && "\(error)".contains("grok_mlp")) }
    }
}
