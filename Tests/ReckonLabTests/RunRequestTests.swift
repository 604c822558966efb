import Foundation
import ReckonLab
import ReckonMachines
import Testing

/// Flag merging lives in the Lab (RunRequest), so it is tested without the binary; the defaults
/// are stated once (RunRequest.defaults) and the README's numbers are checked against them.
@Suite struct RunRequestTests {
    @Test func aNewRunNeedsATaskAndAModel() {
        #expect(throws: LabError.invalidOption("--task is required (see `reckon tasks`)")) { try RunRequest().newRun() }
        var r = RunRequest()
        r.task = "parity_check"
        #expect(throws: LabError.invalidOption("--model is required (see `reckon models`)")) { try r.newRun() }
    }

    @Test func aNewRunStartsFromTheTaskAndMachineDefaults() throws {
        var r = RunRequest()
        r.task = "copy"
        r.model = "lstm"
        r.steps = 7
        r.settings = ["hidden_size=8"]
        r.seed = "18446744073709551615"
        let c = try r.newRun()
        let d = RunRequest.defaults
        #expect(c.steps == 7 && c.batchSize == d.batchSize && c.learningRate == d.learningRate)
        #expect(c.trainLength == 20 && c.evalMaxLength == 120 && c.seed == UInt64.max)
        #expect(c.hyperparameters.values["hidden_size"] == .int(8))
    }

    /// On resume, settings go onto the run's own values: only what is named changes.
    @Test func settingsOnResumeChangeOnlyWhatTheyName() throws {
        var first = RunRequest()
        first.task = "reverse_string"
        first.model = "stack_rnn"
        first.settings = ["hidden_size=16", "stack_size=7"]
        let saved = try first.newRun()
        var again = RunRequest()
        again.settings = ["stack_size=9"]
        let resumed = try again.applied(to: saved)
        #expect(resumed.hyperparameters.values["hidden_size"] == .int(16))
        #expect(resumed.hyperparameters.values["stack_size"] == .int(9))
        var bad = RunRequest()
        bad.settings = ["stack_size"]
        #expect(throws: LabError.invalidOption("--set expects name=value, got 'stack_size'")) {
            try bad.applied(to: saved)
        }
        bad.settings = []
        bad.curriculum = "sideways"
        #expect(throws: LabError.self) { try bad.applied(to: saved) }
    }

    /// --min-train-length and --beam-width (pointer tasks) are request fields too: applied to the
    /// curriculum and the evaluation, validated with the rest, absent from a request that omits them.
    @Test func minimumTrainingLengthAndBeamWidth() throws {
        var r = RunRequest()
        r.task = "convex_hull"
        r.model = "pointer_net"
        r.minTrainLength = 5
        r.trainLength = 8
        r.beamWidth = 3
        let c = try r.newRun()
        #expect(c.curriculum.minLength == 5 && c.trainLength == 8 && c.beamWidth == 3)
        var plain = RunRequest()
        plain.task = "convex_hull"
        plain.model = "pointer_net"
        let d = try plain.newRun()
        #expect(d.curriculum.minLength == 1 && d.beamWidth == nil)
        var bad = r
        bad.minTrainLength = 9
        #expect(throws: LabError.self) { try bad.newRun() }
    }

    /// `reckon train` options in the README quote RunRequest.defaults.
    @Test func theReadmeStatesTheSameDefaults() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../README.md")
        let text = try String(contentsOf: readme, encoding: .utf8).replacingOccurrences(of: "\n", with: " ")
        let d = RunRequest.defaults
        let expected: [(String, Double)] = [
            ("--steps", Double(d.steps)), ("--batch-size", Double(d.batchSize)), ("--learning-rate", d.learningRate),
            ("--eval-samples", Double(d.evalSamples)), ("--eval-batch-size", Double(d.evalBatchSize)),
            ("--checkpoint-every", Double(d.checkpointEvery)), ("--seed", Double(d.seed)),
        ]
        for (flag, value) in expected {
            let pattern = "`\(flag)` ("
            let start = try #require(text.range(of: pattern), "README does not state \(flag)'s default")
            let number = text[start.upperBound...].prefix { "0123456789.e-".contains($0) }
            #expect(Double(number) == value, "README: \(flag) (\(number)), RunRequest.defaults: \(value)")
        }
        #expect(text.contains("(\(d.curriculum.kind.rawValue))"))
    }
}
