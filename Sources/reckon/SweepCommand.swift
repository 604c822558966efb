import ArgumentParser
import Foundation
import ReckonLab
import ReckonStudy
import ReckonSupport

/// `reckon sweep ...`: many runs from one sweep file, on this machine or a Slurm cluster.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a sweep file's grid of runs here or on a Slurm cluster, and index its results.",
        subcommands: [SweepRun.self, SweepSubmit.self, SweepStatus.self, SweepIndex.self, SweepRunOne.self])
}

/// Options shared by the commands that read a sweep file.
struct SweepFileOptions: ParsableArguments {
    @Argument(help: "The sweep file (YAML or JSON; see examples/sweeps/).") var file: String
    @Option(help: "Sweep directory: runs/<id>/ per run, results.sqlite, logs/.") var out: String
    @Option(
        help: ArgumentHelp(
            "demo (reckon train's defaults) or paper (Delétang et al. 2023, appendix A); "
                + "default: the file's, else demo."))
    var `protocol`: String?
    @Flag(help: "Add the file's new runs to a sweep directory that holds fewer.") var extend = false
    @Flag(help: "Print the runs the file plans (count per task and machine) and write nothing.") var dryRun = false

    /// The file's plan, under the requested protocol.
    func plan() throws -> (plan: SweepPlan, source: String) {
        try SweepPlan.load(path: file, protocol: `protocol`.map(RunProtocol.named))
    }
}

/// `reckon sweep run FILE --out DIR`.
struct SweepRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep on this machine: jobs in parallel, resumable, Ctrl-C stops cleanly.",
        discussion: """
            Default --jobs: one job per core, each with one thread (RECKON_THREADS=1), so the cores are all busy and \
            none is shared; when fewer runs are left than cores, the spare cores become threads of the jobs. \
            Finished runs are skipped, interrupted ones resume from their checkpoint, failed ones are retried only \
            with --retry-failed; a run another reckon process holds is left to it. A sweep file plans at most \
            \(SweepLimits.standard.maxRuns) runs. Exit code 0 when every run finished, 1 when some failed or were \
            left to another process, 130 when interrupted.
            """)

    @OptionGroup var sweep: SweepFileOptions
    @Option(help: "Runs at once (default: the number of cores).") var jobs: Int?
    @Option(help: "Run only slice i of n (0-based), e.g. 0/4: runs whose index is i modulo n.") var shard: String?
    @Flag(help: "Try failed runs again.") var retryFailed = false
    @Flag(help: "Print only the final table.") var quiet = false
    @OptionGroup var blas: BLASOptions

    func run() throws {
        try blas.apply()
        let (plan, source) = try userErrors { try sweep.plan() }
        if sweep.dryRun {
            print(SweepSummary.describe(plan))
            return
        }
        let directory = SweepDirectory(URL(fileURLWithPath: sweep.out))
        let (lock, manifest, indices) = try userErrors { () throws -> (PIDFileLock, SweepManifest, [Int]) in
            let shard = try self.shard.map(Shard.parse)
            if let jobs, jobs < 1 { throw LabError.invalidOption("--jobs must be at least 1, got \(jobs)") }
            let (lock, manifest) = try directory.prepare(plan, source: source, extend: sweep.extend)
            return (lock, manifest, manifest.runs.indices.filter { shard?.contains($0) ?? true })
        }
        let jobCount = LocalSweepRunner.Jobs.choose(
            jobs, cores: ProcessInfo.processInfo.activeProcessorCount, runs: indices.count)
        let database = try userErrors { try ResultsDatabase(directory) }
        let progress = Progress.automatic(quiet: quiet)
        progress.note(
            "sweep \(manifest.name): \(indices.count) runs in \(directory.url.path), "
                + "\(jobCount.count) at a time with \(jobCount.threadsPerJob) thread(s) each")
        let runner = LocalSweepRunner(
            directory: directory, manifest: manifest, executable: SelfExecutable.url, indices: indices,
            jobs: jobCount, retryFailed: retryFailed, progress: progress)
        let result = runner.run { id in try? database.sync(directory, manifest: manifest, ids: [id]) }
        try userErrors { try database.sync(directory, manifest: manifest) }
        withExtendedLifetime(lock) {}
        let c = result.counts
        print(
            "sweep \(manifest.name): \(c.done) finished, \(c.failed) failed, \(c.pending + c.running) not run"
                + (c.inUse > 0 ? ", \(c.inUse) in use by another process" : ""))
        if c.done > 0 {
            let table = try userErrors { try ResultsTable.build(database.runs(), aggregate: .max, filters: []) }
            print(table.render(.table))
        }
        if result.interrupted {
            print("interrupted; run the same command again to continue")
            throw ExitCode(130)
        }
        if c.failed > 0 {
            print(
                "failed runs keep their error in runs/<id>/failure.json and logs/<id>.log; --retry-failed tries them "
                    + "again"
            )
        }
        if c.inUse > 0 {
            print("runs in use by another reckon process were left to it; run the same command again once it ends")
        }
        if c.failed > 0 || c.inUse > 0 { throw ExitCode(1) }
    }
}

/// `reckon sweep run-one DIR --index I`: one run of a sweep in this process (what jobs and
/// Slurm array tasks execute).
struct SweepRunOne: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-one", abstract: "Run one run (or one Slurm array task's chunk of runs) of a sweep directory.")

    @Argument(help: "The sweep directory.") var directory: String
    @Option(help: "The run's index in the sweep.") var index: Int?
    @Option(help: "A Slurm array task's index (runs index*chunk ..< (index+1)*chunk).") var arrayIndex: Int?
    @Option(help: "Runs per array task.") var chunk = 1
    @Flag(help: "Running under Slurm: on USR2 (time limit near) or SIGTERM, checkpoint and requeue this array task.")
    var slurm = false

    func run() throws {
        let sweepDirectory = SweepDirectory(URL(fileURLWithPath: directory))
        let indices = try userErrors { () throws -> [Int] in
            let manifest = try sweepDirectory.manifest()
            return try SweepJob.indices(
                index: index, arrayIndex: arrayIndex, chunk: chunk, runCount: manifest.runs.count)
        }
        let status = SweepJob.run(sweepDirectory, indices: indices, slurm: slurm, progress: Progress(style: .plain)) {
            FileHandle.standardError.write(Data(($0 + "\n").utf8))
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `reckon sweep status DIR`.
struct SweepStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Counts of done, running, failed and pending runs, and the finished results so far.")

    @Argument(help: "The sweep directory.") var directory: String

    func run() throws {
        let d = SweepDirectory(URL(fileURLWithPath: directory))
        let (manifest, database) = try userErrors { () throws -> (SweepManifest, ResultsDatabase) in
            let m = try d.manifest()
            let db = try ResultsDatabase(d)
            try db.sync(d, manifest: m)
            return (m, db)
        }
        print(
            try userErrors { try SweepStatusReport.lines(d, manifest: manifest, rows: database.runs()) }.joined(
                separator: "\n"))
    }
}

/// `reckon sweep index DIR`.
struct SweepIndex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Rebuild results.sqlite from the run folders.")

    @Argument(help: "The sweep directory.") var directory: String

    func run() throws {
        let d = SweepDirectory(URL(fileURLWithPath: directory))
        try userErrors {
            let manifest = try d.manifest()
            let runs = try ResultsDatabase.recreate(d, manifest: manifest).runs()
            let corrupt = runs.filter { $0.state == .corrupt }
            let external = runs.count - manifest.runs.count
            print(
                "indexed \(runs.count) runs into \(d.databaseURL.path)"
                    + (external > 0 ? " (\(external) external, from `reckon score --into`)" : "")
                    + (corrupt.isEmpty ? "" : "; \(corrupt.count) corrupt"))
            for r in corrupt { print("corrupt: \(r.id): \(r.error ?? "?")") }
        }
    }
}

/// `reckon sweep submit FILE --out DIR --slurm`.
struct SweepSubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract:
            "Write a Slurm array job for a sweep (one array task per run, or per chunk) and submit it with sbatch.")

    @OptionGroup var sweep: SweepFileOptions
    @Flag(help: "Submit to Slurm (the only scheduler supported).") var slurm = false
    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: "Slurm account.") var account: String?
    @Option(help: "Time limit per array task, HH:MM:SS.") var time: String?
    @Option(help: "CPUs per array task (its RECKON_THREADS).") var cpusPerTask = 2
    @Option(help: "At most this many array tasks at once.") var arrayParallelism: Int?
    @Option(help: "The reckon binary the cluster nodes run (default: this one).") var reckon: String?

    func run() throws {
        let (plan, source) = try userErrors { () throws -> (SweepPlan, String) in
            guard slurm else {
                throw LabError.invalidOption("sweep submit needs --slurm (run locally with `reckon sweep run`)")
            }
            guard cpusPerTask >= 1 else {
                throw LabError.invalidOption("--cpus-per-task must be at least 1, got \(cpusPerTask)")
            }
            if let arrayParallelism, arrayParallelism < 1 {
                throw LabError.invalidOption("--array-parallelism must be at least 1")
            }
            if !sweep.dryRun, Slurm.find("sbatch") == nil {
                throw SweepError(
                    "sbatch not found on PATH; submit from a Slurm login node, or run locally with `reckon sweep run`")
            }
            return try sweep.plan()
        }
        let d = SweepDirectory(URL(fileURLWithPath: sweep.out).standardizedFileURL)
        let (chunk, tasks) = SlurmSubmission.chunking(runs: plan.runs.count)
        let job = SlurmJob(
            partition: partition, account: account, time: time, cpusPerTask: cpusPerTask,
            arrayParallelism: arrayParallelism, chunk: chunk, arrayTasks: tasks, jobID: nil)
        let executable = reckon ?? SelfExecutable.url.path
        if sweep.dryRun {
            print(SweepSummary.describe(plan))
            print(job.script(name: plan.name, executable: executable, directory: d.url.path))
            return
        }
        let (submitted, manifest) = try userErrors {
            try SlurmSubmission.submit(
                plan, source: source, directory: d, job: job, executable: executable, extend: sweep.extend)
        }
        print(
            "submitted job \(submitted.jobID ?? "?"): \(manifest.runs.count) runs in \(submitted.arrayTasks) array "
                + "task(s) of \(submitted.chunk); follow it with `reckon sweep status \(d.url.path)`")
    }
}
