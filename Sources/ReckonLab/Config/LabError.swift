import ReckonSupport
import ReckonTasks

/// Errors a user can cause at the Lab's door: each has a one-line message naming the
/// problem and what would be valid (the CLI prints it and exits with code 2).
public enum LabError: Error, CustomStringConvertible, Equatable {
    case invalidOption(String)
    case outputExists(String)
    /// `--out` names something that holds other things than a Reckon run.
    case notARun(String)
    /// `eval` or `--resume` names a folder without a config.json.
    case notARunToOpen(String)
    case configMismatch(String)
    case badCheckpoint(String)
    case missingFile(String)
    /// The run's config.json cannot be read or breaks a rule; `problem` says which.
    case badConfig(path: String, problem: String)
    /// Another process holds the run folder's lock; `pid` is what its lock file says.
    case runInUse(path: String, pid: Int32?)
    /// A folder or file could not be created or written; `reason` is the system's.
    case cannotWrite(path: String, reason: String)
    /// The run diverged earlier; resuming or evaluating it has nothing sound to work on.
    case runDiverged(path: String, detail: String)
    /// A summary.json that does not decode or states impossible numbers; `problem` says which.
    case corruptSummary(path: String, problem: String)

    public var description: String {
        switch self {
        case .invalidOption(let m): return m
        case .outputExists(let p):
            return
                "output directory '\(p)' already holds a Reckon run; pass --resume \(p) to continue it or choose "
                + "another --out"
        case .notARun(let p):
            return "'\(p)' exists and is not a Reckon run (no config.json); choose an empty or new --out directory"
        case .notARunToOpen(let p):
            return "'\(p)' is not a Reckon run (no config.json); give a folder that `reckon train` wrote"
        case .configMismatch(let m): return "cannot resume: \(m)"
        case .badCheckpoint(let m): return "checkpoint rejected: \(m)"
        case .missingFile(let m): return m
        case .badConfig(let path, let problem):
            return "run '\(path)' has an unusable config.json: \(problem); fix the file or start a new run"
        case .runInUse(let path, let pid):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "run folder '\(path)' is in use by \(holder) (reckon train, --resume or eval); "
                + "wait for it to finish or stop it"
        case .cannotWrite(let path, let reason): return "cannot write '\(path)': \(reason)"
        case .runDiverged(let path, let detail):
            return "run '\(path)' \(detail); resuming would repeat the same steps, so start a new run "
                + "(e.g. with a smaller --learning-rate)"
        case .corruptSummary(let path, let problem):
            return "'\(path)' is corrupt: \(problem); `reckon eval` on its run folder writes it again"
        }
    }
}
