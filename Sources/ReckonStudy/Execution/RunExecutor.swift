import CReckonProcess
import Foundation
import ReckonLab

/// Runs one planned run of a sweep in this process: starts it, or resumes it from its folder,
/// trains and evaluates it, and records a failure in failure.json.
public enum RunExecutor {
    /// How a run ended.
    public enum Outcome: Equatable, Sendable {
        case finished
        case interrupted
        case failed(String)
        /// Another process holds the run's folder (another sweep, a `run-one`, `reckon eval`): the
        /// run is its to finish, so this job leaves the folder as it is and records nothing.
        case inUse(String)
    }

    /// Exit codes of `reckon sweep run-one`, read by the local runner.
    public static let interruptedExitCode: Int32 = 130
    /// The run was in use by another process (EX_TEMPFAIL of sysexits.h: try again later).
    public static let inUseExitCode: Int32 = 75

    /// A job of a local sweep stops (checkpointing, as on Ctrl-C) when the sweep process that
    /// started it dies, even by SIGKILL, instead of running on unwatched and holding its run.
    public static func stopWithParent() {
        _ = reckon_signal_on_parent_exit(SIGTERM)
        // The parent may have died before the request took effect.
        if getppid() == 1 { exit(interruptedExitCode) }
    }

    /// Trains and evaluates run `index` of the sweep in `directory` (resuming what is there).
    public static func execute(_ directory: SweepDirectory, index: Int, progress: ReckonLab.Progress) -> Outcome {
        let manifest: SweepManifest
        do { manifest = try directory.manifest() } catch { return .failed("\(error)") }
        guard manifest.runs.indices.contains(index) else {
            return .failed("index \(index) is outside the sweep's runs 0...\(manifest.runs.count - 1)")
        }
        let run = manifest.runs[index]
        let url = directory.runURL(run.id)
        // A job's outcome is what its own trainer reports. The folder is only read to skip a run
        // already done: another process may be writing it (issue 25 #6: a job that lost the lock
        // wrote failure.json into a run another process then finished, and that process, reading
        // the folder after training, called its own finished run "diverged").
        var trainer: Trainer? = nil
        attempts: for attempt in 0..<2 {
            switch RunState.of(url) {
            case .finished, .corrupt: return .finished
            case .failed: return .failed((try? readFailure(url))?.error ?? "failed earlier")
            case .pending, .interrupted: break
            }
            do {
                if FileManager.default.fileExists(atPath: url.appendingPathComponent(RunFolder.configName).path) {
                    trainer = try Trainer.resume(url, requested: { $0 }, progress: progress)
                } else {
                    trainer = try Trainer.start(config: run.config, out: url, progress: progress)
                }
                break attempts
            } catch LabError.runInUse(let path, let pid) {
                return .inUse(LabError.runInUse(path: path, pid: pid).description)
            } catch LabError.outputExists {
                // Another process created the run between the look and the start, and has let go
                // of it since: look again, once.
                if attempt == 0 { continue }
                break attempts
            } catch LabError.runDiverged(_, let detail) {
                // Diverged in another process since the look; its summary already says so.
                return .failed(detail)
            } catch {
                let message = "\(error)"
                recordFailure(url, error: message, exitCode: 1)
                return .failed(message)
            }
        }
        guard let trainer else {
            return .inUse("run folder '\(url.path)' is being started by another process")
        }
        // Under the run's lock now: another process may have finished it since the first look.
        if RunState.of(url) == .finished { return .finished }
        do {
            let outcome = try trainer.run()
            if outcome.interrupted { return .interrupted }
            if let summary = outcome.summary, summary.status == .diverged {
                return .failed(outcome.divergence ?? "diverged")
            }
            return .finished
        } catch {
            let message = "\(error)"
            recordFailure(url, error: message, exitCode: 1)
            return .failed(message)
        }
    }

    /// Writes failure.json into a run folder (creating the folder if the run never started).
    public static func recordFailure(_ url: URL, error: String, exitCode: Int32) {
        let formatter = ISO8601DateFormatter()
        let failure = RunFailure(error: error, exitCode: exitCode, time: formatter.string(from: Date()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(failure) else { return }
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try? data.write(to: url.appendingPathComponent(RunFailure.fileName), options: .atomic)
    }

    /// The failure recorded in a run folder.
    public static func readFailure(_ url: URL) throws -> RunFailure {
        try JSONDecoder().decode(
            RunFailure.self, from: Data(contentsOf: url.appendingPathComponent(RunFailure.fileName)))
    }

    /// Clears a failed run so that it is tried again (resuming from its last good checkpoint).
    public static func clearFailure(_ url: URL) {
        let fm = FileManager.default
        try? fm.removeItem(at: url.appendingPathComponent(RunFailure.fileName))
        let summary = url.appendingPathComponent(RunFolder.summaryName)
        if RunState.of(url) == .failed { try? fm.removeItem(at: summary) }
    }
}
