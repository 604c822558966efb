import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks

/// `reckon eval RUN --data FILE`: a finished `word_problem` run scored on the examples of a file
/// in word-problem's `data/<group>=<k>.csv` format (its published files, or `reckon sample --csv`),
/// in the run's evaluation sub-batches. No result file is written; a refusal leaves no lock file.
public struct DataFileScore {
    /// Accuracy (every position of every row), exact match and rows, at the file's length.
    public let result: LengthResult
    /// The file's group and length.
    public let group: String
    public let length: Int

    /// Rows encoded at once: a published file holds up to 10^6 rows (A5=20.csv one-hot is 4.8 GB),
    /// so rows go through the evaluator 4 096 at a time (20 MB one-hot for A5 at k = 20).
    static let rowsPerGroup = 4096

    /// Reads `path` within its bounds, checks every target against the solver and the file's
    /// length against the run (the task's lengths, the machine's tape limits, memory), then scores
    /// the run.
    public static func score(runAt url: URL, data path: String) throws -> DataFileScore {
        let run = try SavedRun.open(url, maxLength: nil)
        let task: WordProblem
        let file: WordProblemCSV
        let machine: any Machine
        do {
            guard let t = run.task as? WordProblem else {
                throw LabError.invalidOption(
                    "--data reads word-problem's CSV files, for word_problem runs; '\(url.path)' is a "
                        + "\(run.task.name) run")
            }
            (task, file) = try WordProblemFile.load(path, task: t, groupGiven: true)
            try RunValidation.checkDataLength(file.length, config: run.config)
            machine = try TrainingSession.evaluationMachine(
                run.machine, config: run.config, spec: run.spec, task: task, head: run.head)
        } catch {
            run.lock.abandon()
            throw error
        }
        defer { run.lock.release() }
        let config = run.config
        let k = file.length
        let evaluator = RangeEvaluator(
            maxLength: k, samples: file.count, batchSize: config.evalBatchSize, seed: config.seed,
            beamWidth: config.beamWidth)
        // Every row has k scored positions, so the groups' accuracies pool by their row counts.
        var results: [LengthResult] = []
        var start = 0
        while start < file.count {
            let groupEnd = Swift.min(file.count, start + rowsPerGroup)
            let batches = stride(from: start, to: groupEnd, by: config.evalBatchSize).map { row in
                file.batch(rows: row..<Swift.min(groupEnd, row + config.evalBatchSize))
            }
            results.append(evaluator.evaluate(machine, on: task, head: run.head, batches: batches, length: k))
            start = groupEnd
        }
        return DataFileScore(result: pooled(results), group: task.settings.group.name, length: k)
    }

    /// One result from groups of rows: accuracy and exact match weighted by rows.
    static func pooled(_ results: [LengthResult]) -> LengthResult {
        guard results.count > 1 else { return results[0] }
        let rows = results.reduce(0) { $0 + $1.samples }
        func mean(_ value: (LengthResult) -> Double) -> Double {
            results.reduce(0) { $0 + value($1) * Double($1.samples) } / Double(rows)
        }
        var out = results[0]
        out.samples = rows
        out.accuracy = mean(\.accuracy)
        if results.allSatisfy({ $0.exactMatch != nil }) { out.exactMatch = mean { $0.exactMatch! } }
        return out
    }
}
