import Foundation
import ReckonLab
import ReckonMachines

/// Fresh temporary directories and small configs for Lab tests.
enum LabTestSupport {
    static func temporaryDirectory(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "reckon-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
            )
            .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber })
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    /// A small run; `settings` (machine settings) replace the default `hidden_size` when given.
    static func config(
        task: String = "parity_check", model: String = "lstm", hidden: Int = 16, steps: Int = 40,
        trainLength: Int = 6, evalMaxLength: Int = 10, settings: [String: String]? = nil,
        taskSettings: [String: String]? = nil
    ) throws -> RunConfig {
        let spec = try MachineCatalog.spec(named: model)
        var c = RunConfig(
            task: task, model: model, machineSettings: try spec.resolve(settings ?? ["hidden_size": String(hidden)]))
        c.curriculum = Curriculum(kind: .uniform, maxLength: trainLength)
        c.taskSettings = taskSettings
        c.steps = steps
        c.batchSize = 16
        c.evalMaxLength = evalMaxLength
        c.evalSamples = 16
        c.evalBatchSize = 8
        c.checkpointEvery = 10
        c.logEvery = 5
        return c
    }

    static func bytes(_ url: URL) -> Data { (try? Data(contentsOf: url)) ?? Data() }

    /// Trains and evaluates `config` into `dir`, with signals left alone.
    static func run(_ config: RunConfig, in dir: URL) throws -> RunOutcome {
        try Trainer.start(config: config, out: dir, progress: Progress(style: .quiet)).run(handleSignals: false)
    }

    /// Evaluates the finished run in `dir` up to `maxLength` (nil: the run's own length).
    static func evaluate(_ dir: URL, maxLength: Int? = nil) throws -> RunOutcome {
        try SavedRun.open(dir, maxLength: maxLength)
            .evaluate(progress: Progress(style: .quiet), handleSignals: false)
    }
}
