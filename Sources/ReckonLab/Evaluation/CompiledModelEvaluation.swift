import Foundation
import ReckonNN
import ReckonRASP
import ReckonSupport
import ReckonTasks

/// `reckon eval MODEL_DIR --task T`: a compiled RASP model (`reckon rasp compile --out MODEL_DIR`)
/// scored on a task exactly as trained machines are (same samples, same accuracy), at every length
/// up to the model's maximum. The results go to `MODEL_DIR/eval-<task>.csv`.
public struct CompiledModelEvaluation {
    public let directory: URL
    public let task: any AlgorithmicTask
    public let machine: CompiledMachine
    /// The task's output head (tokens: a compiled model reads and writes tokens).
    public let head: any OutputHead
    public let evaluator: RangeEvaluator

    /// The model file inside a compiled model's directory.
    public static let modelFileName = "model.safetensors"

    /// Whether `directory` holds a compiled model rather than a training run.
    public static func holdsCompiledModel(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(modelFileName).path)
            && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path)
    }

    /// Opens the model and checks that it can run `task` at every length up to `maxLength`
    /// (default and ceiling: the model's maximum length).
    public init(directory: URL, task name: String, maxLength: Int?, samples: Int, batchSize: Int, seed: UInt64) throws {
        let file = directory.appendingPathComponent(Self.modelFileName)
        let model: CompiledModel
        do { model = try CompiledModel.load(from: file) } catch {
            throw LabError.badCheckpoint("\(file.path): \(error)")
        }
        task = try TaskCatalog.task(named: name)
        machine = try CompiledMachine(model, task: task)
        head = OutputHeads.head(for: task)
        let top = maxLength ?? model.maxLength
        guard top >= 1, top <= model.maxLength else {
            throw LabError.invalidOption(
                "--max-length must be between 1 and the compiled model's maximum length "
                    + "\(model.maxLength), got \(top)")
        }
        for length in 1...top where TaskBridge.isValid(task, length: length) {
            let input = task.inputLength(forLength: length)
            let output = task.outputLength(forInputLength: input)
            guard output <= input else {
                throw LabError.invalidOption(
                    "\(task.name) wants \(output) outputs for \(input) inputs; a compiled "
                        + "program answers at its input positions, so at most \(input)")
            }
        }
        guard samples >= 1, batchSize >= 1 else {
            throw LabError.invalidOption("--samples and --batch-size must be at least 1")
        }
        self.directory = directory
        evaluator = RangeEvaluator(maxLength: top, samples: samples, batchSize: batchSize, seed: seed)
    }

    /// Where the results go.
    public var resultsURL: URL { directory.appendingPathComponent("eval-\(task.name).csv") }

    /// Evaluates every length, writes the CSV and returns the results (nil if `stop` said yes).
    public func run(
        stop: () -> Bool = { false }, progress: (LengthResult) -> Void = { _ in }
    ) throws
        -> [LengthResult]?
    {
        guard let results = evaluator.evaluate(machine, on: task, head: head, stop: stop, progress: progress) else {
            return nil
        }
        try AtomicFile.write(Data(RunFolder.evaluationCSV(results).utf8), to: resultsURL)
        return results
    }
}
