import Foundation
import ReckonLab
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTasks
import Testing

/// Every user mistake is a typed error with a one-line message, and leaves disk untouched.
@Suite struct BadInputTests {
    let quiet = Progress(style: .quiet)

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch { return "\(error)" }
    }

    @Test func unknownTaskMachineCurriculumAndHyperparameter() throws {
        var c = try LabTestSupport.config()
        c.task = "parity"
        let dir = LabTestSupport.temporaryDirectory()
        let m1 = message { _ = try Trainer.start(config: c, out: dir, progress: quiet) }
        #expect(m1?.contains("unknown task 'parity'; did you mean 'parity_check'?") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.path), "a rejected run must not create its folder")
        #expect(message { _ = try MachineCatalog.spec(named: "lstn") }?.contains("did you mean 'lstm'") == true)
        #expect(
            message { _ = try MachineCatalog.spec(named: "lstm").resolve(["hiden": "1"]) }?.contains(
                "model 'lstm' has no setting 'hiden'; did you mean 'hidden_size'?") == true)
        #expect(
            message { _ = try MachineCatalog.spec(named: "lstm").resolve(["hidden_size": "x"]) }
                == "model 'lstm': hidden_size must be an integer >= 1, got 'x'")
        #expect(Curriculum.Kind(rawValue: "linear") == nil)
        #expect(
            message { _ = try RunSettings().applying([("curriculum", "unifrom")], owner: nil) }
                == "curriculum must be one of uniform, fixed, regular_increase, reverse_exponential "
                + "(did you mean 'uniform'?), got 'unifrom'")
    }

    @Test func impossibleNumbers() throws {
        for edit in [
            { (c: inout RunConfig) in c.steps = 0 }, { $0.batchSize = -1 },
            {
                $0.curriculum.maxLength = 10
                $0.evalMaxLength = 10
            },
            { $0.learningRate = 0 }, { $0.evalSamples = 0 },
        ] {
            var c = try LabTestSupport.config()
            edit(&c)
            let text = message { try c.validate() }
            #expect(text != nil && !text!.contains("\n"))
        }
    }

    @Test func outputDirectoryThatIsNotARunIsLeftAlone() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let keep = dir.appendingPathComponent("notes.txt")
        try Data("precious".utf8).write(to: keep)
        let m = message { _ = try Trainer.start(config: try LabTestSupport.config(), out: dir, progress: quiet) }
        #expect(m?.contains("is not a Reckon run") == true)
        #expect(try String(contentsOf: keep, encoding: .utf8) == "precious")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])
    }

    @Test func existingRunIsNotOverwritten() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let c = try LabTestSupport.config(steps: 5)
        _ = try Trainer.start(config: c, out: dir, progress: quiet).run(handleSignals: false)
        let before = LabTestSupport.bytes(dir.appendingPathComponent("checkpoint.safetensors"))
        let m = message { _ = try Trainer.start(config: c, out: dir, progress: quiet) }
        #expect(m?.contains("already holds a Reckon run") == true)
        #expect(LabTestSupport.bytes(dir.appendingPathComponent("checkpoint.safetensors")) == before)
    }

    @Test func resumeWithDifferentFlagsIsRefused() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let c = try LabTestSupport.config(steps: 5)
        _ = try Trainer.start(config: c, out: dir, progress: quiet).run(handleSignals: false)
        let m = message {
            _ = try Trainer.resume(
                dir,
                requested: {
                    var x = $0
                    x.learningRate = 0.5
                    return x
                }, progress: quiet)
        }
        #expect(m?.contains("cannot resume") == true && m?.contains("learningRate") == true)
    }

    @Test func truncatedOrForeignCheckpointIsRejected() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let c = try LabTestSupport.config(steps: 5)
        _ = try Trainer.start(config: c, out: dir, progress: quiet).run(handleSignals: false)
        let ckpt = dir.appendingPathComponent("checkpoint.safetensors")
        let full = LabTestSupport.bytes(ckpt)
        try full.prefix(full.count / 2).write(to: ckpt)
        let truncated = LabTestSupport.bytes(ckpt)
        let m1 = message { _ = try Trainer.resume(dir, requested: { $0 }, progress: quiet) }
        #expect(m1?.hasPrefix("checkpoint rejected") == true)
        #expect(LabTestSupport.bytes(ckpt) == truncated, "a rejected checkpoint is left as it was")

        // A checkpoint written by another machine (an rnn) in an lstm run.
        let other = LabTestSupport.temporaryDirectory("other")
        _ = try Trainer.start(config: try LabTestSupport.config(model: "rnn", steps: 5), out: other, progress: quiet)
            .run(handleSignals: false)
        try LabTestSupport.bytes(other.appendingPathComponent("checkpoint.safetensors")).write(to: ckpt)
        let m2 = message { _ = try Trainer.resume(dir, requested: { $0 }, progress: quiet) }
        #expect(m2?.contains("model 'rnn'") == true)

        // Same machine, different size: a shape mismatch names the parameter.
        let small = LabTestSupport.temporaryDirectory("small")
        _ = try Trainer.start(config: try LabTestSupport.config(hidden: 8, steps: 5), out: small, progress: quiet).run(
            handleSignals: false)
        try LabTestSupport.bytes(small.appendingPathComponent("checkpoint.safetensors")).write(to: ckpt)
        let m3 = message { _ = try Trainer.resume(dir, requested: { $0 }, progress: quiet) }
        #expect(m3?.contains("shape") == true)
    }

    @Test func settingsThatCannotGoTogetherAreUserErrors() throws {
        let ttm = try MachineCatalog.spec(named: "ttm")
        #expect(
            message { _ = try ttm.resolve(["heads": "3"]) }
                == "model 'ttm': heads (3) must divide embedding_size (32); valid head counts: 1, 2, 4, 8, 16, 32")
        #expect(message { _ = try ttm.resolve(["heads": "4"]) } == nil)
        #expect(
            message { _ = try MachineCatalog.spec(named: "ntm").resolve(["shift_width": "2"]) }?.contains(
                "shift_width must be odd") == true)
        #expect(
            message { _ = try MachineCatalog.spec(named: "ntm").resolve(["shift_width": "5", "memory_size": "4"]) }?
                .contains("must not exceed memory_size") == true)
        let encoder = try MachineCatalog.spec(named: "transformer_encoder")
        #expect(
            message { _ = try encoder.resolve(["embedding_dim": "4", "num_heads": "8"]) }?.contains(
                "no hidden units per head") == true)
        #expect(
            message {
                _ = try encoder.resolve(["positional_encodings": "rotary", "embedding_dim": "24", "num_heads": "8"])
            }?.contains("rotary encodings need an even width per head") == true)
        #expect(
            message {
                _ = try encoder.resolve(["positional_encodings": "alibi", "embedding_dim": "24", "num_heads": "8"])
            } == nil)

        // A config edited on disk is checked again before a machine is built, and no folder appears.
        var c = try LabTestSupport.config()
        c.model = "ttm"
        c.machineSettings = try ttm.resolve([:])
        c.machineSettings.values["heads"] = .int(5)
        let dir = LabTestSupport.temporaryDirectory()
        #expect(
            message { _ = try Trainer.start(config: c, out: dir, progress: quiet) }?.contains("heads (5) must divide")
                == true)
        c.machineSettings.values["heads"] = .int(0)
        #expect(
            message { _ = try Trainer.start(config: c, out: dir, progress: quiet) }
                == "model 'ttm': heads must be an integer >= 1, got '0'")
        c.machineSettings.values["heads"] = .string("two")
        #expect(
            message { _ = try Trainer.start(config: c, out: dir, progress: quiet) }
                == "model 'ttm': heads must be an integer >= 1, got 'two'")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func newRunsStartFromTheTasksLiteratureLengths() throws {
        let copy = try RunConfig.defaults(task: "copy", model: "ntm")
        #expect(copy.trainLength == 20 && copy.evalMaxLength == 120)
        let recall = try RunConfig.defaults(task: "associative_recall", model: "lstm")
        #expect(recall.trainLength == 6 && recall.evalMaxLength == 20)
        let parity = try RunConfig.defaults(task: "parity_check", model: "lstm")
        #expect(
            parity.trainLength == 40 && parity.evalMaxLength == 500 && parity.steps == 10_000 && parity.batchSize == 128
        )
        #expect(parity.machineSettings == (try MachineCatalog.spec(named: "lstm")).defaults)
        #expect(
            message { _ = try RunConfig.defaults(task: "copi", model: "lstm") }?.contains("did you mean 'copy'") == true
        )
    }

    @Test func runsSavedBeforeASettingExistedStillLoad() throws {
        // An ntm run whose config.json predates memory_init and initial_weighting.
        let dir = LabTestSupport.temporaryDirectory()
        var c = try LabTestSupport.config(task: "copy", steps: 3, trainLength: 3, evalMaxLength: 4)
        c.model = "ntm"
        c.machineSettings = try MachineCatalog.spec(named: "ntm").resolve([
            "controller_size": "4", "memory_size": "5", "memory_width": "3",
        ])
        let first = try Trainer.start(config: c, out: dir, progress: quiet).run(handleSignals: false)
        let url = dir.appendingPathComponent("config.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var hp = try #require(json["hyperparameters"] as? [String: Any])
        var values = try #require(hp["values"] as? [String: Any])
        values["memory_init"] = nil
        values["initial_weighting"] = nil
        hp["values"] = values
        json["hyperparameters"] = hp
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        let resumed = try Trainer.resume(dir, requested: { $0 }, progress: quiet)
        #expect(resumed.session.config.machineSettings.values["memory_init"] == .string("random"))
        let again = try resumed.run(handleSignals: false)
        #expect(again.summary?.score == first.summary?.score)
    }

    @Test func setOnResumeIsCheckedAgainstTheRunsOwnValues() throws {
        let ttm = try MachineCatalog.spec(named: "ttm")
        let saved = try ttm.resolve(["embedding_size": "48", "heads": "3"])
        // Against the defaults (width 32) heads=3 is invalid; against the run's width 48 it is not.
        #expect(throws: SettingError.self) { try ttm.resolve(["heads": "3"]) }
        let resolved = try ttm.resolve(["heads": "3"], onto: saved)
        #expect(resolved == saved)
        #expect(
            message { _ = try ttm.resolve(["heads": "5"], onto: saved) }?.contains(
                "heads (5) must divide embedding_size (48)") == true)
    }
}
