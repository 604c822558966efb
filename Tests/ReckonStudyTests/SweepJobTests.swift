import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// `reckon sweep run-one` (a job of a local sweep or a Slurm array task) and `--shard`.
@Suite struct SweepJobTests {
    /// 8 runs of a second or so each, so a second process can start on a run another one holds.
    static let midYAML = """
        name: mid
        base: {steps: 1500, batch_size: 16, train_length: 8, eval_max_length: 16, eval_samples: 16,
               checkpoint_every: 100, hidden_size: 16}
        axes: {task: [parity_check, reverse_string], model: [lstm, stack_rnn], seed: [0, 1]}
        """

    /// Issue 25 #6: `run-one` beside `sweep run` on the same directory ended "7 finished, 1 failed",
    /// and `run-one` printed "run 0: diverged" for a run whose files equalled the reference: the
    /// job that lost the lock wrote failure.json into the run the other process was finishing, and
    /// that one read the folder to decide its own outcome. Here `run-one` goes over every index again
    /// and again while the sweep runs, so locks are lost in both directions.
    @Test func aSweepJobThatLosesALockMarksSomeoneElsesRunFailed() throws {
        let tmp = try TemporaryDirectory("sweep-lock")
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("mid.yaml")
        try Data(Self.midYAML.utf8).write(to: file)
        let out = tmp.url.appendingPathComponent("mid")
        let sweepOutput = tmp.url.appendingPathComponent("sweep.txt")
        FileManager.default.createFile(atPath: sweepOutput.path, contents: nil)
        let sweep = try ReckonBinary.start(
            ["sweep", "run", file.path, "--out", out.path, "--jobs", "1", "--quiet"],
            output: try FileHandle(forWritingTo: sweepOutput))
        _ = waitUntil(timeout: 60) {
            FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.json").path) || !sweep.isRunning
        }
        var jobs: [ReckonBinary.Result] = []
        while sweep.isRunning {
            for i in 0..<8 { jobs.append(try ReckonBinary.run(["sweep", "run-one", out.path, "--index", String(i)])) }
        }
        sweep.waitUntilExit()
        let summary = try String(contentsOf: sweepOutput, encoding: .utf8)
        #expect(summary.contains(" 0 failed"), "\(summary)")
        #expect([0, 1].contains(sweep.terminationStatus), "\(summary)")
        for job in jobs {
            #expect([0, RunExecutor.inUseExitCode].contains(job.status), "\(job.status): \(job.stderr)")
            #expect(!job.stderr.contains("diverged") && !job.stderr.contains("error"), "\(job.stderr)")
        }
        // The scenario happened: some job found its run held by the other process.
        let logs = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("logs").path).map {
            try String(contentsOf: out.appendingPathComponent("logs").appendingPathComponent($0), encoding: .utf8)
        }
        let lost =
            jobs.filter { $0.status == RunExecutor.inUseExitCode }.count
            + logs.filter { $0.contains("skipped: run folder") }.count
        #expect(lost > 0, "no job lost a lock; the test did not reproduce the race")
        let directory = SweepDirectory(out)
        let manifest = try directory.manifest()
        for run in manifest.runs {
            let failure = directory.runURL(run.id).appendingPathComponent(RunFailure.fileName)
            #expect(!FileManager.default.fileExists(atPath: failure.path), "\(run.id) has a failure.json")
        }
        #expect(directory.states(manifest).allSatisfy { $0 == .finished })
        let status = try ReckonBinary.run(["sweep", "status", out.path])
        #expect(status.stdout.contains("8 runs: 8 done"), "\(status.stdout)")
    }

    @Test func aJobsRunsAreItsIndexOrItsArrayTasksChunk() throws {
        #expect(try SweepJob.indices(index: 3, arrayIndex: nil, chunk: 1, runCount: 8) == [3])
        #expect(try SweepJob.indices(index: nil, arrayIndex: 0, chunk: 7, runCount: 10) == Array(0..<7))
        #expect(try SweepJob.indices(index: nil, arrayIndex: 1, chunk: 7, runCount: 10) == [7, 8, 9])
        func refused(_ index: Int?, _ arrayIndex: Int?, _ chunk: Int) -> String {
            do {
                _ = try SweepJob.indices(index: index, arrayIndex: arrayIndex, chunk: chunk, runCount: 10)
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(refused(10, nil, 1) == "--index 10 is outside the sweep's runs (0...9)")
        #expect(refused(-1, nil, 1).contains("outside"))
        #expect(refused(nil, 2, 7).contains("starts past the sweep's runs"))
        #expect(refused(nil, -1, 7).contains("starts past"))
        // Once a multiplication that trapped.
        #expect(refused(nil, Int.max, 2).contains("starts past"))
        #expect(refused(nil, 0, 0) == "--chunk must be at least 1, got 0")
        #expect(refused(nil, nil, 1) == "give --index, or --array-index with --chunk")
    }

    @Test func aShardIsTheRunsOfOneResidue() throws {
        let shard = try Shard.parse("1/3")
        #expect(shard == Shard(index: 1, count: 3))
        #expect((0..<9).filter(shard.contains) == [1, 4, 7])
        for bad in ["3/3", "-1/2", "1/0", "a/b", "1/2/3", "", "/", "1/"] {
            #expect(throws: SweepError.self, "\(bad)") { try Shard.parse(bad) }
        }
    }

    @Test func requestedJobsShareTheCores() {
        #expect(LocalSweepRunner.Jobs.choose(nil, cores: 8, runs: 2) == .init(count: 2, threadsPerJob: 4))
        #expect(LocalSweepRunner.Jobs.choose(3, cores: 8, runs: 2) == .init(count: 3, threadsPerJob: 2))
        #expect(LocalSweepRunner.Jobs.choose(16, cores: 8, runs: 100) == .init(count: 16, threadsPerJob: 1))
    }
}
