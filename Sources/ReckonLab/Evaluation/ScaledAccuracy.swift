import ReckonTasks

/// Grazzi et al. 2025's scaled accuracy, (accuracy − random) / (1 − random) clipped at 0: 0 at chance,
/// 1 when every answer is right, so tasks with 2 and 5 answers read on one scale.
///
/// How their code computes it (automl/unlocking_state_tracking, read at HEAD):
/// - `xlstm/experiments/eval-chomsky.py`, `evaluate_model`: `accuracy = correct / total` pooled over every
///   masked target of the whole test set, then `(accuracy - scale) / (1 - scale)` with `scale` 0.5 for
///   parity and 0.2 for both modular arithmetic tasks (1 over the answers). The scaling comes after the
///   pooling: it is the scaled mean, not the mean of scaled per-length numbers (they differ once clipped).
/// - The test and validation sets (`parity_delta_net_2.yaml` and the others: 8192 sequences, lengths 40–256)
///   draw each sequence's length uniformly (`data/formal_language/tasks/parity.py`: `rng.integers(min, max
///   + 1)`; `modular_arithmetic.py`: the odd lengths) and score one target per sequence (the mask holds
///   only the answer), so their pooled accuracy is, in expectation, the unweighted mean of the per-length
///   accuracies: Reckon's score, which averages the lengths after the training range with equal samples
///   each (with training on 1–40, Reckon's unseen lengths start at 41, theirs at 40).
/// - The table's numbers come from `xlstm/plotting/parity_delta.py`, `mod_delta.py`, ...: the last
///   `val_validation_SequenceAccuracy` of each run (`metrics.py`'s torchmetrics Accuracy, pooled, with
///   ignore_index -1), `(acc - 0.5) / 0.5` or `(acc - 0.2) / 0.8`, and `np.max` over the seeds: the best of
///   N seeds, which `reckon results --aggregate best` reports.
/// - Their scripts do not clip; the issue (27) asks for the clip at 0, so a run below chance reads 0, not a
///   negative number. A best of seeds differs only when every seed is below chance (0 here, negative there).
public enum ScaledAccuracy {
    /// `accuracy` scaled against `chance`, clipped at 0. `chance` must be in 0..<1 (1 would leave no room
    /// above chance; a programmer error).
    public static func scaled(_ accuracy: Double, chance: Double) -> Double {
        precondition(chance >= 0 && chance < 1, "a chance accuracy is in 0..<1, got \(chance)")
        return Swift.max(0, (accuracy - chance) / (1 - chance))
    }

    /// `accuracy` scaled against the task's chance, or nil when the task has none
    /// (`AlgorithmicTask.chanceAccuracy`) or there is no accuracy.
    public static func scaled(_ accuracy: Double?, task: any AlgorithmicTask) -> Double? {
        guard let accuracy, let chance = task.chanceAccuracy, chance < 1 else { return nil }
        return scaled(accuracy, chance: chance)
    }

    /// A run's scaled score: summary.json's `scaled_score`, or for a summary written before it existed,
    /// the same number from its score and the task of `config` (nil when that task has no chance level
    /// or is no longer in the catalog).
    public static func score(of summary: RunSummary, config: RunConfig) -> Double? {
        if let stored = summary.scaledScore { return stored }
        guard summary.status == .complete, let task = try? config.resolvedTask() else { return nil }
        return scaled(summary.score, task: task)
    }
}
