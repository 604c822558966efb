import Foundation

/// What `reckon sweep submit --slurm` asks of the cluster, and the job it got.
public struct SlurmJob: Codable, Equatable, Sendable {
    public static let fileName = "job.json"
    public var partition: String?
    public var account: String?
    /// HH:MM:SS (or anything sbatch's --time accepts).
    public var time: String?
    public var cpusPerTask: Int
    /// At most this many array tasks at once (the %K of --array).
    public var arrayParallelism: Int?
    /// Runs per array task (more than one when the sweep exceeds the cluster's array limit).
    public var chunk: Int
    /// Array tasks 0..<arrayTasks.
    public var arrayTasks: Int
    /// sbatch's job id, once submitted.
    public var jobID: String?

    public init(
        partition: String?, account: String?, time: String?, cpusPerTask: Int, arrayParallelism: Int?,
        chunk: Int, arrayTasks: Int, jobID: String?
    ) {
        self.partition = partition
        self.account = account
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.arrayParallelism = arrayParallelism
        self.chunk = chunk
        self.arrayTasks = arrayTasks
        self.jobID = jobID
    }

    enum CodingKeys: String, CodingKey {
        case partition, account, time, chunk
        case cpusPerTask = "cpus_per_task"
        case arrayParallelism = "array_parallelism"
        case arrayTasks = "array_tasks"
        case jobID = "job_id"
    }

    /// Runs per array task for `runs` runs when an array may have at most `maxArraySize` tasks.
    public static func chunking(runs: Int, maxArraySize: Int) -> (chunk: Int, tasks: Int) {
        let limit = Swift.max(1, maxArraySize)
        let chunk = (runs + limit - 1) / limit
        return (Swift.max(1, chunk), (runs + Swift.max(1, chunk) - 1) / Swift.max(1, chunk))
    }

    /// The batch script: one array task per chunk of runs, each `reckon sweep run-one`.
    ///
    /// As submitit does it: the script asks for USR2 two minutes before the time limit
    /// (`--signal=B:USR2@120`, delivered to the batch shell, which `exec` made reckon itself);
    /// on it, or on SIGTERM at preemption, the task checkpoints and requeues itself, and the
    /// requeued task resumes from the checkpoint.
    public func script(name: String, executable: String, directory: String) -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=reckon-\(name)"]
        lines.append("#SBATCH --array=0-\(arrayTasks - 1)" + (arrayParallelism.map { "%\($0)" } ?? ""))
        lines.append("#SBATCH --cpus-per-task=\(cpusPerTask)")
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let account { lines.append("#SBATCH --account=\(account)") }
        lines += [
            "#SBATCH --output=\(directory)/slurm/logs/%A_%a.out",
            "#SBATCH --signal=B:USR2@120",
            "#SBATCH --requeue",
            "#SBATCH --open-mode=append",
            "# Written by `reckon sweep submit`; each array task runs \(chunk) run(s) of the sweep in \(directory).",
            "export RECKON_THREADS=\(cpusPerTask)",
            "exec \(Self.quoted(executable)) sweep run-one \(Self.quoted(directory)) --array-index "
                + "\"$SLURM_ARRAY_TASK_ID\" --chunk \(chunk) --slurm",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
