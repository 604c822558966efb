import Foundation
import ReckonLab
import ReckonNN
import ReckonTensor
import ReckonTestSupport
import Testing

/// Issue 13 through the `reckon` binary: every bug a tester found, as a user meets it.
@Suite struct CommandLineReliabilityTests {
    let cli = CommandLineTests()

    /// The issue's tiny run: `TINY="--batch-size 16 --train-length 10 --eval-max-length 20
    /// --eval-samples 8 --set hidden_size=32"`.
    static let tiny = [
        "--batch-size", "16", "--train-length", "10", "--eval-max-length", "20", "--eval-samples", "8",
        "--set", "hidden_size=32", "--quiet",
    ]

    func train(_ out: URL, _ extra: [String] = [], steps: Int = 50) -> [String] {
        ["train", "--task", "parity_check", "--model", "lstm", "--steps", String(steps), "--out", out.path]
            + Self.tiny + extra
    }

    /// The folder's files by name, except the lock file (it holds the last writer's pid).
    func files(_ dir: URL) -> [String: Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return Dictionary(
            uniqueKeysWithValues: names.filter { $0 != RunFolder.lockName }.map {
                ($0, LabTestSupport.bytes(dir.appendingPathComponent($0)))
            })
    }

    /// Bug 5: `reckon sample` crashed (SIGILL, Batch.swift:48) on every bit-vector task. Pointer
    /// tasks have rows of values too.
    @Test(arguments: ["copy", "repeat_copy", "associative_recall", "priority_sort", "sort", "convex_hull", "tsp"])
    func sampleShowsBitVectorTasks(_ task: String) throws {
        let text = try cli.reckon(["sample", task, "--length", "3", "--count", "2"])
        #expect(text.status == 0 && !text.signaled, "stderr: \(text.stderr)")
        #expect(text.stdout.split(separator: "\n").count == 2 && text.stdout.contains(" -> "))
        let json = try cli.reckon(["sample", task, "--length", "3", "--count", "2", "--json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let examples = try #require(object?["examples"] as? [[String: Any]])
        #expect(examples.count == 2)
        let rows = try #require(examples.first?["input"] as? [[Double]])
        #expect(rows.count == (object?["input_length"] as? Int) && rows.allSatisfy { !$0.isEmpty })
    }

    /// Bug 1: moments of the wrong shape crashed resume with heap corruption; eval accepted them.
    @Test func wrongShapedMomentsAreOneLineErrors() throws {
        let run = LabTestSupport.temporaryDirectory()
        #expect(try cli.reckon(train(run)).status == 0)
        let url = run.appendingPathComponent("checkpoint.safetensors")
        let file = try Safetensors.read(from: url)
        var tensors = file.tensors
        tensors["optimizer.adam.m.core.bias"] = Tensor([0])
        tensors["optimizer.adam.v.core.bias"] = Tensor([0])
        try Safetensors.write(tensors, metadata: file.metadata, to: url)
        let before = files(run)
        let problem = ["checkpoint rejected", "'adam.m.core.bias' has shape [1]"]
        try cli.expectUserError(["train", "--resume", run.path], problem)
        try cli.expectUserError(["eval", run.path], problem)
        #expect(files(run) == before)
    }

    /// Bug 2: the issue's command. It now stops at the first non-finite loss with exit code 3
    /// and one line, keeps the last good checkpoint byte for byte, and eval refuses the run.
    @Test func divergedTrainingExitsWithThreeAndKeepsItsCheckpoint() throws {
        let dir = LabTestSupport.temporaryDirectory()
        func reverse(_ out: String, lr: String, steps: Int) -> [String] {
            [
                "train", "--task", "reverse_string", "--model", "lstm", "--steps", String(steps),
                "--checkpoint-every", "50", "--learning-rate", lr, "--out", dir.appendingPathComponent(out).path,
            ]
                + Self.tiny
        }
        let nan = try cli.reckon(reverse("nan", lr: "1e38", steps: 200))
        #expect(nan.status == 3, "stderr: \(nan.stderr)")
        let last = nan.stderr.split(separator: "\n").last ?? ""
        #expect(last.hasPrefix("error: training diverged at step 2 (loss is nan)"), "\(nan.stderr)")
        let saved = try Data(contentsOf: dir.appendingPathComponent("nan/summary.json"))
        let summary = try JSONSerialization.jsonObject(with: saved) as? [String: Any]
        #expect(summary?["status"] as? String == "diverged" && summary?["diverged_at_step"] as? Int == 2)
        // eval used to print a score "at 200000000000.0 steps/s".
        try cli.expectUserError(["eval", dir.appendingPathComponent("nan").path], ["diverged at step 2"])

        // At 1e37 the loss is first NaN at step 58 here, after the step-50 checkpoint, which
        // must survive as a run that stops at step 50 writes it.
        let later = try cli.reckon(reverse("later", lr: "1e37", steps: 200))
        #expect(later.status == 3)
        let record = try Data(contentsOf: dir.appendingPathComponent("later/summary.json"))
        let object = try JSONSerialization.jsonObject(with: record) as? [String: Any]
        let step = try #require(object?["diverged_at_step"] as? Int)
        try #require(step > 50, "the run should diverge after its first checkpoint")
        let kept = (step - 1) / 50 * 50
        #expect(
            later.stderr.contains(
                "training diverged at step \(step) (loss is nan); "
                    + "the checkpoint of step \(kept) is kept"))
        let fifty = try cli.reckon(reverse("fifty", lr: "1e37", steps: kept))
        #expect(fifty.status == 0, "stderr: \(fifty.stderr)")
        let bytes = LabTestSupport.bytes(dir.appendingPathComponent("later/checkpoint.safetensors"))
        #expect(!bytes.isEmpty)
        #expect(bytes == LabTestSupport.bytes(dir.appendingPathComponent("fifty/checkpoint.safetensors")))
        // Huge rates that stay finite are warned about in one line.
        #expect(later.stderr.contains("warning: loss"))
        #expect(fifty.stderr.contains("training is unstable (learning rate 1e+37)"))
    }

    /// Bug 3: SIGINT during evaluation was ignored (evaluation could only be stopped by kill -9).
    @Test func interruptDuringEvaluationStopsAndEvalCompletes() throws {
        let binary = try #require(CommandLineTests.binary)
        let run = LabTestSupport.temporaryDirectory()
        // An evaluation of hours: lengths 1...3000, 512 sequences each.
        let p = Process()
        p.executableURL = binary
        p.arguments = [
            "train", "--task", "parity_check", "--model", "lstm", "--steps", "5", "--batch-size", "4",
            "--train-length", "3", "--eval-max-length", "3000", "--set", "hidden_size=8", "--quiet",
            "--out", run.path,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let summary = run.appendingPathComponent("summary.json")
        func status() -> String { String(decoding: LabTestSupport.bytes(summary), as: UTF8.self) }
        _ = waitUntil(timeout: 60) { status().contains("evaluation_incomplete") }
        let checkpoint = LabTestSupport.bytes(run.appendingPathComponent("checkpoint.safetensors"))
        Thread.sleep(forTimeInterval: 0.3)
        p.interrupt()
        // A generous bound that only a hang exceeds; the evaluation itself would take hours.
        if !waitUntil(timeout: 60, { !p.isRunning }) {
            kill(p.processIdentifier, SIGKILL)
            Issue.record("SIGINT during evaluation was ignored")
        }
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(!checkpoint.isEmpty)
        #expect(LabTestSupport.bytes(run.appendingPathComponent("checkpoint.safetensors")) == checkpoint)
        #expect(status().contains("\"status\" : \"evaluation_incomplete\""))
        let done = try cli.reckon(["eval", run.path, "--max-length", "4", "--quiet"])
        #expect(done.status == 0, "a stopped run can still be evaluated: \(done.stderr)")
    }

    /// Bug 4: two trains into one folder both exited 0 with a mixed folder; two resumes both trained.
    @Test func aSecondWriterIsRefusedWithTheHoldersPid() throws {
        let binary = try #require(CommandLineTests.binary)
        let run = LabTestSupport.temporaryDirectory()
        let p = Process()
        p.executableURL = binary
        p.arguments = train(run, steps: 1_000_000)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer {
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
            }
        }
        let lock = run.appendingPathComponent(RunFolder.lockName)
        let config = run.appendingPathComponent("config.json")
        _ = waitUntil(timeout: 30) {
            String(decoding: LabTestSupport.bytes(lock), as: UTF8.self) == "\(p.processIdentifier)\n"
                && FileManager.default.fileExists(atPath: config.path)
        }
        let holder = "in use by process \(p.processIdentifier)"
        let other = ["train", "--task", "parity_check", "--model", "rnn", "--seed", "5", "--out", run.path] + Self.tiny
        try cli.expectUserError(other, [holder])
        try cli.expectUserError(["train", "--resume", run.path], [holder])
        try cli.expectUserError(["eval", run.path], [holder])
        p.terminate()  // SIGTERM: a checkpoint, then exit 130
        if !waitUntil(timeout: 60, { !p.isRunning }) {
            kill(p.processIdentifier, SIGKILL)
            Issue.record("SIGTERM during training was ignored")
        }
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("checkpoint.safetensors").path))
    }

    /// Bugs 6 and 8: sizes beyond the computer, lengths beyond the task, and NaN or infinite
    /// settings are one-line errors that leave no folder (batch 1e8 once left config.json alone).
    @Test func impossibleSettingsAreOneLineErrorsThatTouchNothing() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("run").path
        let base = ["train", "--task", "parity_check", "--model", "lstm", "--out", out, "--quiet"]
        try cli.expectUserError(base + ["--set", "hidden_size=1000000000"], ["would need", "GiB; this machine has"])
        try cli.expectUserError(base + ["--batch-size", "100000000"], ["at batch 100000000", "would need"])
        try cli.expectUserError(
            base + ["--eval-max-length", "100000000"], ["eval_max_length must be an integer in 1...100000"])
        try cli.expectUserError(
            base + ["--train-length", "200000", "--eval-max-length", "200001"],
            ["train_length must be an integer in 1...100000, got '200000'"])
        let encoder = ["train", "--task", "parity_check", "--model", "transformer_encoder", "--out", out, "--quiet"]
        for setting in ["dropout_prob=nan", "dropout_prob=inf", "max_time=inf", "emb_init_scale=nan"] {
            try cli.expectUserError(encoder + ["--set", setting], ["must be a finite number"])
        }
        try cli.expectUserError(encoder + ["--set", "dropout_prob=2"], ["must be a finite number >= 0 and below 1"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty,
            "no run folder, not even an empty one")
    }

    /// Bugs 7, 9, 10: checkpoint counters, eval lengths and saved configs that once crashed or
    /// destroyed results are refused in one line, and the run's files stay as they were.
    @Test func savedFilesAreCheckedAndResultsKept() throws {
        let run = LabTestSupport.temporaryDirectory()
        #expect(try cli.reckon(train(run)).status == 0)
        let before = files(run)
        try cli.expectUserError(
            ["eval", run.path, "--max-length", "5"],
            ["--max-length (5) must be above the run's training length (10)"])
        #expect(files(run) == before, "eval.csv and summary.json are kept")

        let url = run.appendingPathComponent("checkpoint.safetensors")
        let file = try Safetensors.read(from: url)
        var metadata = file.metadata
        metadata["optimizer_steps"] = String(Int.max)
        try Safetensors.write(file.tensors, metadata: metadata, to: url)
        try cli.expectUserError(["train", "--resume", run.path], ["checkpoint rejected", "optimizer_steps"])
        try before["checkpoint.safetensors"]!.write(to: url)

        let config = run.appendingPathComponent("config.json")
        var json = try #require(try JSONSerialization.jsonObject(with: before["config.json"]!) as? [String: Any])
        json["logEvery"] = 0
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        try cli.expectUserError(["train", "--resume", run.path], ["unusable config.json", "log_every"])
        json["logEvery"] = 100
        json["maxGradNorm"] = -1
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        try cli.expectUserError(["eval", run.path], ["unusable config.json", "max_grad_norm"])
    }

    /// Bug 11: a kill mid-write left `.checkpoint.safetensors.tmp-PID-*` behind forever; the next
    /// writer of the folder removes those whose process no longer runs.
    @Test func leftoversOfKilledWritersAreRemovedByTheNextWriter() throws {
        let run = LabTestSupport.temporaryDirectory()
        #expect(try cli.reckon(train(run, steps: 5)).status == 0)
        // Pids above Linux's maximum (2^22) belong to no process.
        let stale = [".checkpoint.safetensors.tmp-99999999-ab12", ".metrics.jsonl.tmp-99999998-cd34"]
        for name in stale { try Data("half a file".utf8).write(to: run.appendingPathComponent(name)) }
        let r = try cli.reckon(["eval", run.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
    }

    /// The issue's messages to mend.
    @Test func messagesNameTheRuleInOneLine() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let base = [
            "train", "--task", "parity_check", "--model", "lstm", "--out", dir.appendingPathComponent("r").path,
        ]
        // Negative numbers reach the rule instead of "Missing value".
        try cli.expectUserError(
            base + ["--learning-rate", "-1"],
            ["learning_rate must be a finite number above 0, got '-1'"])
        try cli.expectUserError(base + ["--steps", "-5"], ["steps must be an integer in 1...1000000000, got '-5'"])
        try cli.expectUserError(
            base + ["--seed", "-1"],
            ["seed must be a whole number from 0 to 18446744073709551615, got '-1'"])
        try cli.expectUserError(["sample", "parity_check", "--length", "-3"], ["cannot sample length -3"])
        try cli.expectUserError(["eval", dir.path, "--max-length", "-1"], ["is not a Reckon run"])
        // Did you mean, and the separator before the list.
        try cli.expectUserError(
            base + ["--curriculum", "unifrom"],
            [
                "curriculum must be one of uniform, fixed, regular_increase, reverse_exponential",
                "(did you mean 'uniform'?)",
            ])
        try cli.expectUserError(
            base + ["--set", "hiden=3"],
            ["model 'lstm' (or a run) has no setting 'hiden'; did you mean 'hidden_size'? valid: hidden_size,"])
        try cli.expectUserError(
            ["train", "--task", "parity_check", "--model", "xyz"],
            ["unknown model 'xyz'; known models: rnn, lstm"])
        // Bench durations must be finite and positive in every bench command.
        try cli.expectUserError(["bench", "engine", "--seconds", "nan"], ["--seconds must be a positive number"])
        try cli.expectUserError(["bench", "machines", "--seconds", "nan"], ["--seconds must be a positive number"])
        try cli.expectUserError(["bench", "machines", "--seconds", "-1"], ["--seconds must be a positive number"])
        try cli.expectUserError(["bench", "machines", "--length", "0"], ["--length must be at least 1"])
        try cli.expectUserError(["bench", "machines", "--set", "form"], ["--set expects name=value, got 'form'"])
        // A setting goes to every machine named: one that lacks it is refused before anything is timed.
        try cli.expectUserError(
            ["bench", "machines", "--models", "mamba,lstm", "--set", "form=recurrent"],
            ["model 'lstm' has no setting 'form'"])
        try cli.expectUserError(["bench", "tasks", "--seconds", "inf"], ["--seconds must be a finite number"])
        try cli.expectUserError(["bench", "peers", "--seconds", "nan"], ["--seconds must be a positive number"])
        try cli.expectUserError(["bench", "peers", "--threads", "1,0"], ["--threads must be thread counts", "'0'"])
        try cli.expectUserError(["bench", "peers", "--models", "gru"], ["--models: unknown step 'gru'"])
        // eval and --resume name the folder without suggesting --out.
        for args in [["eval", dir.path], ["train", "--resume", dir.path]] {
            let r = try cli.reckon(args)
            #expect(
                r.status == 2 && r.stderr.contains("is not a Reckon run") && !r.stderr.contains("--out"),
                "\(r.stderr)")
        }
        // Folder-creation failures: one line naming the path and the reason.
        let file = dir.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        let under = file.appendingPathComponent("run").path
        try cli.expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--out", under] + Self.tiny,
            ["cannot write", "'\(file.path)' is a file, not a folder"])
        // A directory where the checkpoint should be.
        let run = dir.appendingPathComponent("run")
        #expect(try cli.reckon(train(run, steps: 5)).status == 0)
        let checkpoint = run.appendingPathComponent("checkpoint.safetensors")
        try FileManager.default.removeItem(at: checkpoint)
        try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: true)
        let r = try cli.reckon(["eval", run.path])
        #expect(
            r.status == 2 && r.stderr.contains("Is a directory") && !r.stderr.contains("NSCocoaErrorDomain"),
            "\(r.stderr)")
        // Invalid JSON in config.json no longer contradicts itself.
        try Data("{oops".utf8).write(to: run.appendingPathComponent("config.json"))
        try cli.expectUserError(["eval", run.path], ["has an unusable config.json: it is not valid JSON"])
        let again = try cli.reckon(["train", "--resume", run.path])
        #expect(!again.stderr.contains("no config.json") && !again.stderr.contains("--out"))
    }
}
