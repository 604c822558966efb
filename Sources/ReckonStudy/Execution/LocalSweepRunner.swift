import Foundation
import ReckonLab

/// `reckon sweep run`: runs a sweep's runs on this machine, several at a time, each as a child
/// `reckon sweep run-one` process with its share of the cores.
///
/// Resumable and idempotent: finished runs are skipped, interrupted ones resume from their
/// checkpoint, failed ones are skipped unless `retryFailed`. Ctrl-C (or SIGTERM) stops
/// launching, asks every running job to checkpoint and exit, and waits for them.
public final class LocalSweepRunner {
    /// How many jobs run at once and how many threads each uses.
    public struct Jobs: Equatable, Sendable {
        public var count: Int
        public var threadsPerJob: Int

        public init(count: Int, threadsPerJob: Int) {
            self.count = count
            self.threadsPerJob = threadsPerJob
        }

        /// The rule: one job per core, one thread each, so no core idles and none is shared; when
        /// fewer runs remain than cores, the spare cores go to the jobs as threads.
        public static func automatic(cores: Int, runs: Int) -> Jobs {
            let jobs = Swift.max(1, Swift.min(cores, runs))
            return Jobs(count: jobs, threadsPerJob: Swift.max(1, cores / jobs))
        }

        /// `--jobs N` (N jobs sharing the cores as threads), or the rule when nil.
        public static func choose(_ requested: Int?, cores: Int, runs: Int) -> Jobs {
            guard let requested, requested >= 1 else { return automatic(cores: cores, runs: runs) }
            return Jobs(count: requested, threadsPerJob: Swift.max(1, cores / requested))
        }
    }

    /// Counts for the progress line and the final summary.
    public struct Counts: Equatable, Sendable {
        public var done = 0, running = 0, failed = 0, pending = 0
        /// Unfinished runs that another process held when their job started (left to it, not failed).
        public var inUse = 0
    }

    let directory: SweepDirectory
    let manifest: SweepManifest
    let executable: URL
    let indices: [Int]
    let jobs: Jobs
    let retryFailed: Bool
    let progress: ReckonLab.Progress
    private var running: [(index: Int, process: Process, log: FileHandle)] = []
    private var stepRate = StepRate()
    /// Each run's state and steps done, read from its folder and log when it starts and ends
    /// (reading thousands of folders at every progress update would be the sweep's main cost).
    private var states: [Int: RunState] = [:]
    private var stepsDone: [Int: Int] = [:]
    /// Runs whose job found them held by another process.
    private var inUse: Set<Int> = []

    public init(
        directory: SweepDirectory, manifest: SweepManifest, executable: URL, indices: [Int], jobs: Jobs,
        retryFailed: Bool, progress: ReckonLab.Progress
    ) {
        self.directory = directory
        self.manifest = manifest
        self.executable = executable
        self.indices = indices
        self.jobs = jobs
        self.retryFailed = retryFailed
        self.progress = progress
    }

    /// Runs what is left; returns the final counts and whether it was interrupted.
    public func run(onRunEnded: (String) -> Void = { _ in }) -> (counts: Counts, interrupted: Bool) {
        StopSignal.install()
        defer { StopSignal.uninstall() }
        var queue: [Int] = []
        for i in indices { refresh(i) }
        for i in indices {
            let url = directory.runURL(manifest.runs[i].id)
            switch states[i] ?? .pending {
            case .finished, .corrupt: continue
            case .failed:
                if retryFailed {
                    RunExecutor.clearFailure(url)
                    refresh(i)
                    queue.append(i)
                }
            case .pending, .interrupted: queue.append(i)
            }
        }
        var forwarded = false
        while !queue.isEmpty || !running.isEmpty {
            if !StopSignal.requested {
                while running.count < jobs.count, !queue.isEmpty { launch(queue.removeFirst()) }
            } else if !forwarded {
                // Every job checkpoints and exits on SIGINT, as `reckon train` does.
                for r in running { kill(r.process.processIdentifier, SIGINT) }
                forwarded = true
                queue.removeAll()
            }
            usleep(200_000)
            for r in running where !r.process.isRunning {
                finish(r)
                refresh(r.index)
                onRunEnded(manifest.runs[r.index].id)
            }
            running.removeAll { !$0.process.isRunning }
            for r in running {
                stepsDone[r.index] = Self.lastStep(in: directory.logURL(manifest.runs[r.index].id)) ?? 0
            }
            progress.update(line(counts(), queue: queue), milestone: false)
        }
        // The process that held a run may have finished it meanwhile.
        for i in inUse { refresh(i) }
        progress.finishLine()
        return (counts(), StopSignal.requested)
    }

    private func launch(_ index: Int) {
        let id = manifest.runs[index].id
        let logURL = directory.logURL(id)
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        guard let log = FileHandle(forWritingAtPath: logURL.path) else {
            RunExecutor.recordFailure(directory.runURL(id), error: "cannot write \(logURL.path)", exitCode: 1)
            return
        }
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = executable
        process.arguments = ["sweep", "run-one", directory.url.path, "--index", String(index)]
        var env = ProcessInfo.processInfo.environment
        env["RECKON_THREADS"] = String(jobs.threadsPerJob)
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
            running.append((index, process, log))
        } catch {
            RunExecutor.recordFailure(
                directory.runURL(id), error: "cannot start \(executable.path): \(error.localizedDescription)",
                exitCode: 127)
            try? log.close()
        }
    }

    private func finish(_ r: (index: Int, process: Process, log: FileHandle)) {
        try? r.log.close()
        let url = directory.runURL(manifest.runs[r.index].id)
        let status =
            r.process.terminationReason == .uncaughtSignal
            ? 128 + r.process.terminationStatus : r.process.terminationStatus
        if status == 0 || status == RunExecutor.interruptedExitCode { return }
        // Another process holds the run: its outcome is that process's to record.
        if status == RunExecutor.inUseExitCode {
            inUse.insert(r.index)
            return
        }
        if RunState.of(url) != .failed {
            // The child could not say why (a crash, a kill): its log's last line is the best account.
            let last = Self.lastLine(of: directory.logURL(manifest.runs[r.index].id)) ?? "no output"
            RunExecutor.recordFailure(url, error: "exit \(status): \(last)", exitCode: status)
        }
    }

    private func refresh(_ i: Int) {
        let run = manifest.runs[i]
        let state = RunState.of(directory.runURL(run.id))
        states[i] = state
        stepsDone[i] = state == .finished ? run.config.steps : (Self.lastStep(in: directory.logURL(run.id)) ?? 0)
    }

    /// The counts over this runner's runs.
    func counts() -> Counts {
        var c = Counts()
        let active = Set(running.map(\.index))
        for i in indices {
            if active.contains(i) {
                c.running += 1
                continue
            }
            switch states[i] ?? .pending {
            case .finished, .corrupt: c.done += 1
            case .failed: c.failed += 1
            case .pending, .interrupted:
                if inUse.contains(i) { c.inUse += 1 } else { c.pending += 1 }
            }
        }
        return c
    }

    private func line(_ c: Counts, queue: [Int]) -> String {
        var remaining = 0
        var done = 0
        for i in indices where states[i] != .failed {
            let steps = manifest.runs[i].config.steps
            let d = Swift.min(stepsDone[i] ?? 0, steps)
            done += d
            remaining += steps - d
        }
        let rate = stepRate.update(stepsDone: done, now: Stopwatch.now())
        let eta = rate > 0 ? ReckonLab.Progress.duration(Double(remaining) / rate) : "?"
        return "sweep \(manifest.name): \(c.done) done, \(c.running) running, \(c.failed) failed, \(c.pending) pending"
            + String(format: "  %.1f steps/s", rate) + "  ETA \(eta) (training)"
    }

    /// The last `step N/M` a run's log printed.
    static func lastStep(in url: URL) -> Int? {
        guard let text = tail(url) else { return nil }
        guard let range = text.range(of: "step ", options: .backwards) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// The last non-empty line of a log (progress redraws count as lines).
    static func lastLine(of url: URL) -> String? {
        guard let text = tail(url) else { return nil }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).last.map(String.init)
    }

    private static func tail(_ url: URL, bytes: Int = 4096) -> String? {
        guard let h = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? h.close() }
        let size = h.seekToEndOfFile()
        h.seek(toFileOffset: size > UInt64(bytes) ? size - UInt64(bytes) : 0)
        return String(decoding: h.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// Steps per second over all jobs, from the steps done at successive progress updates.
struct StepRate {
    private var samples: [(time: Double, steps: Int)] = []

    /// Adds a sample and returns the rate over the last minute.
    mutating func update(stepsDone: Int, now: Double) -> Double {
        samples.append((now, stepsDone))
        samples.removeAll { now - $0.time > 60 }
        guard let first = samples.first, now - first.time > 0.5 else { return 0 }
        return Double(Swift.max(0, stepsDone - first.steps)) / (now - first.time)
    }
}
