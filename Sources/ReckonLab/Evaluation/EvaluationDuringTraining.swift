import Foundation

/// Evaluations recorded during training (`--eval-every`, in metrics.jsonl) and the rule
/// stable-nalu judges runs by: of the last 100 evaluations, the one with the best result on the
/// training lengths.
public enum EvaluationDuringTraining {
    /// The step the rule picks and what the run scored there.
    public struct BestStep: Equatable, Sendable {
        public var step: Int
        /// Mean accuracy over the unseen lengths at that step (the run's score, had it stopped there).
        public var score: Double
        /// Real-valued tasks: every unseen length's error below the success threshold at that step.
        public var solved: Bool?
        /// Real-valued tasks: mean squared error over the unseen lengths at that step.
        public var mse: Double?

        public init(step: Int, score: Double, solved: Bool?, mse: Double?) {
            self.step = step
            self.score = score
            self.solved = solved
            self.mse = mse
        }
    }

    /// Evaluations the rule looks back over: stable-nalu's `best.range` (export/function_task_static.r).
    /// With its logging every 1 000 steps of 5·10^6, that is the last 100 000 steps of training.
    public static let window = 100

    /// Among the last `window` of `candidates` (step, every length's result), the step with the
    /// lowest mean squared error on lengths 1...trainLength for real-valued tasks, as stable-nalu's
    /// export/function_task_static.r takes the logged step of lowest interpolation error; for other
    /// tasks the step of highest mean accuracy there. The earliest step wins a tie; a NaN error
    /// never wins. Nil without candidates or without unseen lengths.
    public static func bestStep(
        _ candidates: [(step: Int, results: [LengthResult])], trainLength: Int, window: Int = window
    ) -> BestStep? {
        guard let maxLength = candidates.flatMap({ $0.results.map(\.length) }).max(), maxLength > trainLength
        else { return nil }
        let seen = 1...trainLength
        let unseen = (trainLength + 1)...maxLength
        // Lower is better: the seen lengths' error for real-valued tasks, else their inaccuracy.
        func badness(_ r: [LengthResult]) -> Double {
            let b = RangeEvaluator.meanSquaredError(r, in: seen) ?? (1 - RangeEvaluator.meanAccuracy(r, in: seen))
            return b.isNaN ? .infinity : b
        }
        var best: (step: Int, results: [LengthResult], badness: Double)?
        for (step, results) in candidates.sorted(by: { $0.step < $1.step }).suffix(window) where !results.isEmpty {
            let b = badness(results)
            if best == nil || b < best!.badness { best = (step, results, b) }
        }
        guard let best else { return nil }
        return BestStep(
            step: best.step, score: RangeEvaluator.meanAccuracy(best.results, in: unseen),
            solved: RangeEvaluator.solved(best.results, in: unseen),
            mse: RangeEvaluator.meanSquaredError(best.results, in: unseen))
    }

    /// The candidates of a run: its recorded evaluations, then the final one at `finalStep` (the
    /// evaluation of that step); none when nothing was recorded during training.
    public static func candidates(
        _ records: [MetricsRecord], final: [LengthResult], finalStep: Int
    ) -> [(step: Int, results: [LengthResult])] {
        var all = records.compactMap { r in r.evaluation.map { (step: r.step, results: $0) } }
        if all.isEmpty { return [] }
        if !all.contains(where: { $0.step == finalStep }) { all.append((finalStep, final)) }
        return all
    }

    /// One progress line: seen and unseen accuracy, or mean squared error for real-valued tasks.
    static func describe(_ results: [LengthResult], step: Int, trainLength: Int) -> String {
        let maxLength = results.map(\.length).max() ?? trainLength
        let seen = 1...trainLength
        let unseen = (trainLength + 1)...Swift.max(trainLength + 1, maxLength)
        if let a = RangeEvaluator.meanSquaredError(results, in: seen) {
            let b = RangeEvaluator.meanSquaredError(results, in: unseen) ?? .nan
            return String(
                format: "evaluation at step %d: mse %.3e on lengths 1-%d, %.3e beyond", step, a, trainLength, b)
        }
        return String(
            format: "evaluation at step %d: accuracy %.3f on lengths 1-%d, %.3f beyond", step,
            RangeEvaluator.meanAccuracy(results, in: seen), trainLength,
            RangeEvaluator.meanAccuracy(results, in: unseen))
    }
}
