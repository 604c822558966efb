import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks

/// `reckon eval RUN --data FILE`: a finished `word_problem` run scored on the examples of a file
/// in word-problem's `data/<group>=<k>.csv` format (its published files, or `reckon sample --csv`),
/// in the run's evaluation sub-batches. Nothing is written; a refusal leaves no lock file.
public struct DataFileScore {
    /// Accuracy (every position of every row), exact match and rows, at the file's length.
    public let result: LengthResult
    /// The file's group and length.
    public let group: String
    public let length: Int

    /// Reads `path` within its bounds, checks every target against the solver, then scores the run.
    public static func score(runAt url: URL, data path: String) throws -> DataFileScore {
        let run = try SavedRun.open(url, maxLength: nil)
        let task: WordProblem
        let file: WordProblemCSV
        do {
            guard let t = run.task as? WordProblem else {
                throw LabError.invalidOption(
                    "--data reads word-problem's CSV files, for word_problem runs; '\(url.path)' is a "
                        + "\(run.task.name) run")
            }
            (task, file) = try WordProblemFile.load(path, task: t, groupGiven: true)
        } catch {
            run.lock.abandon()
            throw error
        }
        defer { run.lock.release() }
        let config = run.config
        let machine = try TrainingSession.evaluationMachine(
            run.machine, config: config, spec: run.spec, task: task, head: run.head)
        var batches: [Batch] = []
        let k = file.length
        var start = 0
        while start < file.count {
            let end = Swift.min(file.count, start + config.evalBatchSize)
            batches.append(
                Batch(
                    batchSize: end - start, inputLength: k, outputLength: k,
                    input: .tokens(Array(file.inputs[start * k..<end * k])),
                    target: .tokens(Array(file.targets[start * k..<end * k]))))
            start = end
        }
        let evaluator = RangeEvaluator(
            maxLength: k, samples: file.count, batchSize: config.evalBatchSize, seed: config.seed,
            beamWidth: config.beamWidth)
        let result = evaluator.evaluate(machine, on: task, head: run.head, batches: batches, length: k)
        return DataFileScore(result: result, group: task.settings.group.name, length: k)
    }
}
