import Foundation
import ReckonLab

/// Slurm's signal-driven requeue, as submitit does it: the batch script asks for USR2 two minutes
/// before the time limit (`--signal=B:USR2@120`); USR2 stops training as SIGINT does (a checkpoint,
/// then exit), and the interrupted task asks `scontrol requeue` for itself, so the requeued task
/// resumes from the checkpoint. SIGTERM at preemption takes the same path through `StopSignal`.
public enum SlurmRequeue {
    /// How a request to requeue ended.
    public enum Result: Equatable, Sendable {
        /// Not in a Slurm job (no SLURM_JOB_ID): nothing to requeue.
        case notUnderSlurm
        /// `scontrol requeue` accepted the job (an array task is `<job>_<task>`).
        case requeued(String)
        /// `scontrol` is missing or refused.
        case refused(String)
    }

    /// Makes USR2 stop training as SIGINT does.
    public static func install() {
        signal(SIGUSR2) { _ in StopSignal.simulate() }
    }

    /// The job to requeue: `<array job>_<array task>` in an array task, else the job id; nil
    /// outside Slurm.
    public static func jobName(_ environment: [String: String]) -> String? {
        if let job = environment["SLURM_ARRAY_JOB_ID"], let task = environment["SLURM_ARRAY_TASK_ID"] {
            return "\(job)_\(task)"
        }
        return environment["SLURM_JOB_ID"]
    }

    /// Asks Slurm to requeue this job. `log` gets one line for the task's log, written before
    /// `scontrol` is asked: a requeue ends the task at once, often before a line written after it
    /// reaches the log (the cluster test saw the line missing while the requeue worked).
    @discardableResult
    public static func requeue(
        environment: [String: String] = ProcessInfo.processInfo.environment, log: (String) -> Void
    ) -> Result {
        guard let job = jobName(environment) else { return .notUnderSlurm }
        log("checkpoint written; \(job) is being requeued")
        if let r = try? Slurm.run("scontrol", ["requeue", job], environment: environment), r.status == 0 {
            return .requeued(job)
        }
        log("checkpoint written; could not requeue \(job); resubmit to continue")
        return .refused(job)
    }
}
