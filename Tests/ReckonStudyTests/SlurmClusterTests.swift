import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// A sweep on a real Slurm cluster (scripts/slurm-single-node.sh starts one on this machine;
/// `make test-cluster` runs these tests with RECKON_SLURM=1).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["RECKON_SLURM"] == "1"))
struct SlurmClusterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Waits until the job has left the queue (requeued tasks included).
    static func waitForJob(_ directory: URL, timeout: TimeInterval) throws -> Bool {
        let data = try Data(contentsOf: directory.appendingPathComponent("slurm/job.json"))
        let job = try JSONDecoder().decode(SlurmJob.self, from: data)
        let id = try #require(job.jobID)
        return try waitUntil(timeout: timeout, interval: 2) {
            let r = try Slurm.run("squeue", ["-h", "-r", "-j", id])
            return r.status == 0 && r.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// The tiny sweep as an array job gives, byte for byte, the CSV of the same sweep run here.
    @Test func anArrayJobGivesTheLocalResults() throws {
        let tmp = try TemporaryDirectory("slurm")
        defer { tmp.remove() }
        let file = Self.root.appendingPathComponent("examples/sweeps/tiny.yaml").path
        let cluster = tmp.url.appendingPathComponent("cluster")
        let local = tmp.url.appendingPathComponent("local")
        let submitted = try ReckonBinary.run([
            "sweep", "submit", file, "--out", cluster.path, "--slurm", "--cpus-per-task", "1",
            "--time", "00:10:00",
        ])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(try Self.waitForJob(cluster, timeout: 600), "the array job did not finish in 10 minutes")
        let ran = try ReckonBinary.run(["sweep", "run", file, "--out", local.path, "--quiet"])
        #expect(ran.status == 0, "\(ran.stderr)")
        let a = try ReckonBinary.run(["results", cluster.path, "--format", "csv"])
        let b = try ReckonBinary.run(["results", local.path, "--format", "csv"])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.split(separator: "\n").count == 5)
        let status = try ReckonBinary.run(["sweep", "status", cluster.path])
        #expect(status.stdout.contains("8 done"), "\(status.stdout)")
    }

    /// USR2 before the time limit (what `--signal=B:USR2@120` sends): the task checkpoints and
    /// requeues itself, and the requeued task resumes to the same checkpoint as an uninterrupted run.
    @Test func aSignalledTaskRequeuesAndResumesBitIdentically() throws {
        let tmp = try TemporaryDirectory("slurm-requeue")
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("slow.yaml")
        try Data(
            """
            name: slow
            base: {steps: 8000, batch_size: 16, train_length: 8, eval_max_length: 12, eval_samples: 8,
                   checkpoint_every: 200, hidden_size: 16}
            axes: {task: parity_check, model: lstm}
            """.utf8
        ).write(to: file)
        let cluster = tmp.url.appendingPathComponent("cluster")
        let local = tmp.url.appendingPathComponent("local")
        let submitted = try ReckonBinary.run([
            "sweep", "submit", file.path, "--out", cluster.path, "--slurm", "--cpus-per-task", "1",
        ])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try JSONDecoder().decode(
            SlurmJob.self, from: Data(contentsOf: cluster.appendingPathComponent("slurm/job.json")))
        let manifest = try SweepDirectory(cluster).manifest()
        let run = cluster.appendingPathComponent("runs").appendingPathComponent(manifest.runs[0].id)
        let started = waitUntil(timeout: 60, interval: 0.1) {
            FileManager.default.fileExists(atPath: run.appendingPathComponent(RunFolder.checkpointName).path)
        }
        #expect(started, "the task never wrote a checkpoint")
        let signalled = try Slurm.run("scancel", ["--signal=USR2", "--batch", "\(try #require(job.jobID))_0"])
        #expect(signalled.status == 0, "\(signalled.error)")
        #expect(try Self.waitForJob(cluster, timeout: 600))
        let log = try String(
            contentsOf: cluster.appendingPathComponent("slurm/logs/\(job.jobID!)_0.out"), encoding: .utf8)
        #expect(log.contains("is being requeued"), "the task did not requeue itself: \(log.suffix(400))")
        // The requeued task started again (and resumed from the checkpoint: the bytes below match).
        #expect(log.components(separatedBy: "training lstm on parity_check").count >= 3, "\(log.suffix(400))")
        let ran = try ReckonBinary.run(["sweep", "run", file.path, "--out", local.path, "--quiet"])
        #expect(ran.status == 0)
        let localRun = local.appendingPathComponent("runs").appendingPathComponent(manifest.runs[0].id)
        for name in [RunFolder.checkpointName, RunFolder.evalName] {
            #expect(
                try Data(contentsOf: run.appendingPathComponent(name))
                    == Data(contentsOf: localRun.appendingPathComponent(name)), "\(name)")
        }
    }
}
