import ArgumentParser
import Foundation
import ReckonLab
import ReckonMachines

/// `reckon train`: train a machine on a task with short inputs, then evaluate every length.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a machine on short inputs, then measure accuracy at every length up to --eval-max-length.",
        discussion: "Defaults follow the reference protocol: 10000 steps, batch 128, lengths uniform in 1...40, Adam 1e-3, clipping 1.0, evaluation on 1...500 with 512 sequences per length; score = mean accuracy on lengths 41...500. Memory tasks use their literature lengths instead (see `reckon tasks`: copy trains on 1...20 and evaluates to 120).")

    @Option(help: "Task name (see `reckon tasks`).") var task: String?
    @Option(help: "Machine name (see `reckon models`).") var model: String?
    @Option(parsing: .unconditional, help: "Training steps (default 10000).") var steps: Int?
    @Option(parsing: .unconditional, help: "Batch size (default 128).") var batchSize: Int?
    @Option(parsing: .unconditional, help: "Adam learning rate (default 1e-3).") var learningRate: Double?
    @Option(parsing: .unconditional, help: "Longest training length (default: the task's, 40 for the Chomsky suite).")
    var trainLength: Int?
    @Option(parsing: .unconditional, help: "Shortest training length of the uniform curriculum (default 1).")
    var minTrainLength: Int?
    @Option(help: "uniform | fixed | regular_increase | reverse_exponential (default uniform).") var curriculum: String?
    @Option(parsing: .unconditional,
            help: "Longest evaluation length (default: the task's, 500 for the Chomsky suite).") var evalMaxLength: Int?
    @Option(parsing: .unconditional, help: "Sequences per evaluation length (default 512).") var evalSamples: Int?
    @Option(parsing: .unconditional, help: "Sequences per evaluation sub-batch (default 64).") var evalBatchSize: Int?
    @Option(parsing: .unconditional, help: "Steps between checkpoints (default 1000).") var checkpointEvery: Int?
    @Option(parsing: .unconditional, help: "Beam width of evaluation for autoregressive machines (default 1, greedy).")
    var beamWidth: Int?
    @Option(parsing: .unconditional, help: "Random seed, 0 ... 2^64 - 1 (default 0).") var seed: String?
    @Option(name: .customLong("set"), help: "Machine hyperparameter, name=value (repeatable).") var settings: [String] = []
    @Option(help: "Run directory (default runs/<task>-<model>-s<seed>-<time>).") var out: String?
    @Option(help: "Continue the interrupted run in this directory.") var resume: String?
    @Flag(help: "Print only the summary.") var quiet = false

    func run() throws {
        let progress = Progress.automatic(quiet: quiet)
        let trainer: Trainer = try userErrors {
            if let resume {
                if out != nil { throw LabError.invalidOption("--out cannot be combined with --resume (the run stays in \(resume))") }
                return try Trainer.resume(URL(fileURLWithPath: resume), requested: { try apply(to: $0) }, progress: progress)
            }
            guard let task else { throw LabError.invalidOption("--task is required (see `reckon tasks`)") }
            guard let model else { throw LabError.invalidOption("--model is required (see `reckon models`)") }
            let base = try RunConfig.defaults(task: task, model: model)
            let config = try apply(to: base)
            return try Trainer.start(config: config, out: out.map { URL(fileURLWithPath: $0) }, progress: progress)
        }
        let outcome = try userErrors { try trainer.run() }
        if outcome.interrupted { throw ExitCode(130) }
        if let divergence = outcome.divergence {
            FileHandle.standardError.write(Data("error: \(divergence)\n".utf8))
            throw ExitCode(Train.divergedExitCode)
        }
        if let s = outcome.summary { print(SummaryTable.render(s, evaluation: outcome.evaluation, folder: outcome.folder.url.path)) }
    }

    /// Exit status of a run that diverged (README, "Exit codes"): not 2, since the flags were
    /// valid, and not 1, so scripts can tell a diverged run from a crash.
    static let divergedExitCode: Int32 = 3

    /// The given flags applied on top of `base` (defaults for a new run, the saved config on resume).
    func apply(to base: RunConfig) throws -> RunConfig {
        var c = base
        if let task { c.task = task }
        if let model, model != c.model {
            c.model = model
            c.hyperparameters = try MachineCatalog.spec(named: model).defaults
        }
        let spec = try MachineCatalog.spec(named: c.model)
        if !settings.isEmpty {
            var overrides: [String: String] = [:]
            for s in settings {
                let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else { throw LabError.invalidOption("--set expects name=value, got '\(s)'") }
                overrides[parts[0]] = parts[1]
            }
            // Onto the current values, so --set on resume only changes what it names and the
            // rules between settings are checked against the run's own values.
            c.hyperparameters = try spec.resolve(overrides, onto: c.hyperparameters)
        }
        if let steps { c.steps = steps }
        if let batchSize { c.batchSize = batchSize }
        if let learningRate { c.learningRate = learningRate }
        if let trainLength { c.curriculum.maxLength = trainLength }
        if let minTrainLength { c.curriculum.minLength = minTrainLength }
        if let curriculum {
            guard let kind = Curriculum.Kind(rawValue: curriculum) else { throw LabError.unknownCurriculum(curriculum) }
            c.curriculum.kind = kind
        }
        if let evalMaxLength { c.evalMaxLength = evalMaxLength }
        if let evalSamples { c.evalSamples = evalSamples }
        if let evalBatchSize { c.evalBatchSize = evalBatchSize }
        if let checkpointEvery { c.checkpointEvery = checkpointEvery }
        if let beamWidth { c.beamWidth = beamWidth }
        if let seed { c.seed = try RunValidation.seed(seed) }
        try c.validate()
        return c
    }
}
