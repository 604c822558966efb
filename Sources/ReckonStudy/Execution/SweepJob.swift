import Foundation
import ReckonLab

/// What `reckon sweep run-one` does: one run of a sweep directory (a local job), or one Slurm
/// array task's chunk of runs, trained in this process one after the other.
public enum SweepJob {
    /// The runs of a job: `index` alone, or array task `arrayIndex`'s chunk
    /// `arrayIndex·chunk ..< (arrayIndex+1)·chunk`, cut at the end of the sweep's `runCount` runs.
    public static func indices(index: Int?, arrayIndex: Int?, chunk: Int, runCount: Int) throws -> [Int] {
        let valid = runCount > 0 ? "0...\(runCount - 1)" : "none"
        if let index {
            guard (0..<runCount).contains(index) else {
                throw SweepError("--index \(index) is outside the sweep's runs (\(valid))")
            }
            return [index]
        }
        guard let arrayIndex else { throw SweepError("give --index, or --array-index with --chunk") }
        guard chunk >= 1 else { throw SweepError("--chunk must be at least 1, got \(chunk)") }
        let (start, overflow) = arrayIndex.multipliedReportingOverflow(by: chunk)
        guard arrayIndex >= 0, !overflow, start < runCount else {
            throw SweepError(
                "--array-index \(arrayIndex) with --chunk \(chunk) starts past the sweep's runs (\(valid))")
        }
        return Array(start..<(start + Swift.min(chunk, runCount - start)))
    }

    /// Exit code 0 when every run finished, 1 when one failed, `RunExecutor.interruptedExitCode`
    /// when a stop signal came (after a requeue under Slurm), `RunExecutor.inUseExitCode` when the
    /// only runs not done were held by another process.
    ///
    /// Runs `indices` of `directory` in order. `log` gets one line per run that did not finish
    /// here and per requeue. Under Slurm USR2 stops training as SIGINT does, and an interrupted task
    /// requeues itself; a local job instead stops when the sweep process that started it dies.
    public static func run(
        _ directory: SweepDirectory, indices: [Int], slurm: Bool, progress: ReckonLab.Progress,
        log: (String) -> Void
    ) -> Int32 {
        if slurm { SlurmRequeue.install() } else { RunExecutor.stopWithParent() }
        var failed = false
        var inUse = false
        for i in indices {
            switch RunExecutor.execute(directory, index: i, progress: progress) {
            case .finished: continue
            case .failed(let message):
                log("error: run \(i): \(message)")
                failed = true
            case .inUse(let message):
                log("run \(i): skipped: \(message)")
                inUse = true
            case .interrupted:
                if slurm { SlurmRequeue.requeue(log: log) }
                return RunExecutor.interruptedExitCode
            }
        }
        if failed { return 1 }
        return inUse ? RunExecutor.inUseExitCode : 0
    }
}
