import Foundation
import ReckonLab
import ReckonSupport
import ReckonTestSupport
import Testing

/// `reckon train --protocol NAME`: one run of a protocol (its fixed settings, memory sizes and
/// evaluation-time growth), with what the user overrides recorded as deviations; and
/// `grow_memory`, the same growth for any run.
@Suite struct PilotRunTests {
    /// The pilot: a stack_rnn of the paper at 10 000 steps trains with the paper's stack
    /// of 128, evaluates with the stack grown to the longest input, and says both and the deviation.
    @Test func aPilotOfThePaperKeepsItsMemoryAndRecordsTheDeviation() throws {
        var r = RunRequest(task: "reverse_string", model: "stack_rnn", overrides: [.init("steps", "10000")])
        r.protocolName = "paper"
        let c = try r.newRun()
        #expect(c.steps == 10_000 && c.batchSize == 128 && c.learningRate == 1e-4 && c.seed == 0)
        #expect(c.trainLength == 40 && c.evalMaxLength == 500 && c.evalSamples == 512)
        #expect(c.machineSettings.values["stack_size"] == .int(128))
        #expect(c.evaluationSettings == ["stack_size": .int(1000)], "reverse_string at 500 unrolls 1000 steps")
        #expect(c.protocolName == "paper" && c.protocolDeviations == ["steps": "10000"])
        #expect(ProtocolName.label(c) == "paper (steps=10000)")
        let described = ProtocolName.describe(c, task: try c.resolvedTask())
        #expect(described.contains("deviating in steps=10000"), "\(described)")
        #expect(described.contains("stack_size 128 in training, 1000 in evaluation"), "\(described)")
        // The protocol's own values and axis values are no deviations.
        r.overrides = [.init("batch_size", "128"), .init("learning_rate", "3e-4"), .init("seed", "9")]
        #expect(try r.newRun().protocolDeviations == nil)
        r.overrides = [.init("learning_rate", "1e-3")]
        #expect(try r.newRun().protocolDeviations == ["learning_rate": "1e-3"])
    }

    /// A machine the protocol sets itself (ndstack_rnn at batch 16) and one without a memory.
    @Test func aPilotTakesTheProtocolsMachineSettings() throws {
        var r = RunRequest(task: "reverse_string", model: "ndstack_rnn")
        r.protocolName = "paper"
        #expect(try r.newRun().batchSize == 16)
        r.model = "lstm"
        let lstm = try r.newRun()
        #expect(lstm.batchSize == 128 && lstm.evaluationSettings == nil)
        r.protocolName = "quick"
        #expect(throws: LabError.self) { try r.newRun() }
    }

    /// `grow_memory` gives a plain run the same growth, and nothing when the memory already holds
    /// the longest input.
    @Test func growMemoryGivesAnyRunTheGrowth() throws {
        let plain = try RunRequest(task: "reverse_string", model: "stack_rnn").newRun()
        #expect(plain.evaluationSettings == nil && plain.protocolName == nil)
        let grown = try RunRequest(
            task: "reverse_string", model: "stack_rnn", overrides: [.init("grow_memory", "true")]
        ).newRun()
        #expect(grown.evaluationSettings == ["stack_size": .int(1000)] && grown.growMemory)
        let enough = try RunRequest(
            task: "reverse_string", model: "stack_rnn",
            overrides: [.init("grow_memory", "true"), .init("stack_size", "1000")]
        ).newRun()
        #expect(enough.evaluationSettings == nil)
    }

    /// Through the binary: the pilot trains, says its protocol, deviations and both memory sizes
    /// on stdout and in summary.json; `--protocol` with `--resume` and an unknown protocol are
    /// one-line errors that leave nothing on disk.
    @Test func thePilotThroughTheBinary() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("pilot")
        let tiny = [
            "--set", "steps=3", "--set", "hidden_size=8", "--eval-max-length", "70", "--eval-samples", "2",
            "--batch-size", "4",
        ]
        let r = try ReckonBinary.run(
            [
                "train", "--task", "reverse_string", "--model", "stack_rnn", "--protocol", "paper", "--out", out.path,
                "--quiet",
            ] + tiny)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("protocol: paper"), "\(r.stdout)")
        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
        let described = try #require(summary?["protocol"] as? String)
        #expect(described.contains("deviating in batch_size=4, eval_max_length=70, eval_samples=2, steps=3"))
        #expect(described.contains("stack_size 128 in training, 140 in evaluation"), "\(described)")
        let resumed = try ReckonBinary.run(["train", "--resume", out.path, "--protocol", "paper"])
        #expect(resumed.status == 2 && resumed.stderr.contains("--protocol starts a new run"))
        let unknown = dir.appendingPathComponent("unknown")
        let bad = try ReckonBinary.run(
            ["train", "--task", "reverse_string", "--model", "stack_rnn", "--protocol", "papr", "--out", unknown.path])
        #expect(bad.status == 2 && bad.stderr == "error: unknown protocol 'papr'; valid: demo, paper\n")
        #expect(!FileManager.default.fileExists(atPath: unknown.path))
    }
}
