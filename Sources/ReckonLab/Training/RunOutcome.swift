/// The outcome of `Trainer.run`: where it was written and what it measured.
public struct RunOutcome {
    public var folder: RunFolder
    /// Nil when the run was interrupted before its evaluation finished.
    public var summary: RunSummary?
    public var evaluation: [LengthResult]
    /// Stopped by SIGINT/SIGTERM (in training: after a checkpoint; in evaluation: with the
    /// training result kept and the run marked evaluation-incomplete).
    public var interrupted: Bool
    /// Set when training diverged: one line saying where and what was kept.
    public var divergence: String?
}
