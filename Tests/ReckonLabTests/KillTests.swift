import Foundation
import ReckonLab
import Testing

/// Issue 13: SIGKILL a training process at 20 moments (training steps, checkpoint writes in
/// each of their phases, evaluation), resume it, and require the uninterrupted run's bytes.
///
/// The moments are drawn from a fixed seed and reached through `RECKON_KILL_AT`, where the
/// process sends itself SIGKILL: a timed kill from outside almost never lands inside a
/// checkpoint write of a run this small (microseconds), and a test must check the same thing
/// on every machine. SIGKILL skips every cleanup either way.
@Suite struct KillTests {
    let cli = CommandLineTests()

    /// 200 steps, checkpoints at 40, 80, ..., 200, evaluation of lengths 1...12 in sub-batches.
    static func arguments(_ out: URL) -> [String] {
        [
            "train", "--task", "parity_check", "--model", "lstm", "--steps", "200", "--batch-size", "8",
            "--train-length", "5", "--eval-max-length", "12", "--eval-samples", "16", "--eval-batch-size", "8",
            "--checkpoint-every", "40",
            "--set", "hidden_size=16", "--quiet", "--out", out.path,
        ]
    }

    /// Atomic writes of an uninterrupted run: 1 is config.json; at checkpoint k (1...5) 2k is
    /// metrics.jsonl and 2k + 1 the checkpoint; then 12 the evaluation-incomplete mark, 13
    /// eval.csv and 14 summary.json.
    static let writes = 1 + 2 * 5 + 3

    /// The 20 moments: 6 training steps; in each write phase a checkpoint write, a metrics write
    /// and any write; 5 evaluation lengths.
    static func moments() -> [String] {
        var state: UInt64 = 13  // SplitMix64: the same moments on every run
        func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        var points = (0..<6).map { _ in "step \(1 + next(199))" }
        for phase in ["partial", "complete", "renamed"] {
            points += [
                "write \(3 + 2 * next(5)) \(phase)", "write \(2 + 2 * next(5)) \(phase)",
                "write \(1 + next(writes)) \(phase)",
            ]
        }
        points += (0..<5).map { _ in "eval \(1 + next(12))" }
        return points
    }

    @Test func killedRunsResumeToTheSameBytes() throws {
        let root = LabTestSupport.temporaryDirectory()
        let reference = root.appendingPathComponent("reference")
        let whole = try cli.reckon(Self.arguments(reference))
        #expect(whole.status == 0, "stderr: \(whole.stderr)")
        let checkpoint = LabTestSupport.bytes(reference.appendingPathComponent("checkpoint.safetensors"))
        let eval = LabTestSupport.bytes(reference.appendingPathComponent("eval.csv"))
        #expect(!checkpoint.isEmpty && !eval.isEmpty)

        let moments = Self.moments()
        #expect(moments.count == 20)
        for (i, moment) in moments.enumerated() {
            let run = root.appendingPathComponent("trial\(i)")
            let killed = try cli.reckon(Self.arguments(run), environment: ["RECKON_KILL_AT": moment])
            #expect(
                killed.signaled && killed.status == SIGKILL,
                "\(moment): the process was not killed (\(killed.status))")
            // A kill before config.json existed leaves no run to resume: the user reruns the command.
            let started = FileManager.default.fileExists(atPath: run.appendingPathComponent("config.json").path)
            let again = try cli.reckon(started ? ["train", "--resume", run.path, "--quiet"] : Self.arguments(run))
            #expect(again.status == 0, "\(moment): \(again.stderr)")
            #expect(
                LabTestSupport.bytes(run.appendingPathComponent("checkpoint.safetensors")) == checkpoint,
                "\(moment): checkpoint differs")
            #expect(LabTestSupport.bytes(run.appendingPathComponent("eval.csv")) == eval, "\(moment): eval.csv differs")
            let summary = try RunFolder(url: run).readSummary()
            #expect(summary.status == .complete, "\(moment)")
            let names = try FileManager.default.contentsOfDirectory(atPath: run.path)
            #expect(!names.contains { $0.contains(".tmp-") }, "\(moment): temporary files left: \(names)")
        }
    }
}
