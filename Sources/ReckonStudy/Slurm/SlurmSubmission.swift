import Foundation
import ReckonSupport

/// `reckon sweep submit --slurm`: the sweep directory prepared, `slurm/sweep.sbatch` written and
/// submitted with sbatch, and the job recorded in `slurm/job.json`.
public enum SlurmSubmission {
    /// The array of `runs` runs within the cluster's MaxArraySize (Slurm's default 1001 when
    /// scontrol is missing or does not say).
    public static func chunking(runs: Int) -> (chunk: Int, tasks: Int) {
        SlurmJob.chunking(runs: runs, maxArraySize: Slurm.find("scontrol") == nil ? 1001 : Slurm.maxArraySize())
    }

    /// Prepares `directory` for `plan` (as `sweep run` does), then writes and submits the job.
    /// Returns the job with its id, and the sweep's manifest.
    public static func submit(
        _ plan: SweepPlan, source: String, directory d: SweepDirectory, job given: SlurmJob, executable: String,
        extend: Bool
    ) throws -> (job: SlurmJob, manifest: SweepManifest) {
        // prepare checks the folder before creating anything, then locks it (held to the end).
        let (lock, manifest) = try d.prepare(plan, source: source, extend: extend)
        defer { withExtendedLifetime(lock) {} }
        var job = given
        (job.chunk, job.arrayTasks) = chunking(runs: manifest.runs.count)
        let scriptURL = d.slurmURL.appendingPathComponent("sweep.sbatch")
        let logs = d.slurmURL.appendingPathComponent("logs")
        do { try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true) } catch {
            throw SweepError("cannot create the folder \(logs.path) for the array tasks' logs")
        }
        try write(Data(job.script(name: manifest.name, executable: executable, directory: d.url.path).utf8), scriptURL)
        let r = try Slurm.run("sbatch", ["--parsable", scriptURL.path])
        guard r.status == 0 else {
            throw SweepError(
                "sbatch refused the job: "
                    + (r.error.split(separator: "\n").first.map(String.init) ?? "exit \(r.status)"))
        }
        job.jobID = r.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(
            String.init)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(try encoder.encode(job), d.slurmURL.appendingPathComponent(SlurmJob.fileName))
        return (job, manifest)
    }

    private static func write(_ data: Data, _ url: URL) throws {
        do { try AtomicFile.write(data, to: url) } catch { throw SweepError("\(error)") }
    }
}
