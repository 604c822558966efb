import ArgumentParser
import Foundation
import ReckonLab
import ReckonMachines

/// `reckon train`: train a machine on a task with short inputs, then evaluate every length.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a machine on short inputs, then measure accuracy at every length up to --eval-max-length.",
        discussion: "Defaults follow the reference protocol: \(d.steps) steps, batch \(d.batchSize), lengths uniform "
            + "in 1...40, Adam \(d.learningRate), clipping \(d.maxGradNorm), evaluation on 1...500 with "
                + "\(d.evalSamples) "
            + "sequences per length; score = mean accuracy on lengths 41...500. Memory tasks use their literature "
            + "lengths instead (see `reckon tasks`: copy trains on 1...20 and evaluates to 120).")

    private static let d = RunRequest.defaults

    @Option(help: "Task name (see `reckon tasks`).") var task: String?
    @Option(help: "Machine name (see `reckon models`).") var model: String?
    @Option(parsing: .unconditional, help: "Training steps (default \(d.steps)).") var steps: Int?
    @Option(parsing: .unconditional, help: "Batch size (default \(d.batchSize)).") var batchSize: Int?
    @Option(parsing: .unconditional, help: "Adam learning rate (default \(d.learningRate)).") var learningRate: Double?
    @Option(parsing: .unconditional, help: "Longest training length (default: the task's, 40 for the Chomsky suite).")
    var trainLength: Int?
    @Option(
        parsing: .unconditional,
        help: "Shortest training length of the uniform curriculum (default \(d.curriculum.minLength)).")
    var minTrainLength: Int?
    @Option(
        help: ArgumentHelp(
            "\(Curriculum.Kind.allCases.map(\.rawValue).joined(separator: " | ")) (default "
                + "\(d.curriculum.kind.rawValue)).")
    )
    var curriculum: String?
    @Option(
        parsing: .unconditional,
        help: "Longest evaluation length (default: the task's, 500 for the Chomsky suite).") var evalMaxLength: Int?
    @Option(parsing: .unconditional, help: "Sequences per evaluation length (default \(d.evalSamples)).")
    var evalSamples: Int?
    @Option(parsing: .unconditional, help: "Sequences per evaluation sub-batch (default \(d.evalBatchSize)).")
    var evalBatchSize: Int?
    @Option(parsing: .unconditional, help: "Steps between checkpoints (default \(d.checkpointEvery)).")
    var checkpointEvery: Int?
    @Option(
        parsing: .unconditional,
        help: "Steps between evaluations during training, recorded in metrics.jsonl (default: none).")
    var evalEvery: Int?
    @Option(
        parsing: .unconditional,
        help: "Beam width of evaluation for autoregressive machines (default 1, greedy).")
    var beamWidth: Int?
    @Option(parsing: .unconditional, help: "Random seed, 0 ... 2^64 - 1 (default \(d.seed)).") var seed: String?
    @Option(name: .customLong("set"), help: "Machine hyperparameter, name=value (repeatable).") var settings: [String] =
        []
    @Option(name: .customLong("task-set"), help: "Task setting, name=value (repeatable; see `reckon tasks`).")
    var taskSettings: [String] = []
    @Option(parsing: .unconditional, help: "Global-norm gradient clipping (default \(d.maxGradNorm)).")
    var maxGradNorm: Double?
    @Option(help: "Run directory (default runs/<task>-<model>-s<seed>-<time>).") var out: String?
    @Option(help: "Continue the interrupted run in this directory.") var resume: String?
    @Flag(help: "Print only the summary.") var quiet = false

    func run() throws {
        let progress = Progress.automatic(quiet: quiet)
        let trainer: Trainer = try userErrors {
            if let resume {
                if out != nil {
                    throw LabError.invalidOption("--out cannot be combined with --resume (the run stays in \(resume))")
                }
                let request = self.request
                return try Trainer.resume(
                    URL(fileURLWithPath: resume), requested: { try request.applied(to: $0) },
                    progress: progress)
            }
            return try Trainer.start(
                config: try request.newRun(), out: out.map { URL(fileURLWithPath: $0) },
                progress: progress)
        }
        let outcome = try userErrors { try trainer.run() }
        if outcome.interrupted { throw ExitCode(130) }
        if let divergence = outcome.divergence {
            FileHandle.standardError.write(Data("error: \(divergence)\n".utf8))
            throw ExitCode(Train.divergedExitCode)
        }
        if let s = outcome.summary {
            print(SummaryTable.render(s, evaluation: outcome.evaluation, folder: outcome.folder.url.path))
        }
    }

    /// Exit status of a run that diverged (README, "Exit codes"): not 2, since the flags were
    /// valid, and not 1, so scripts can tell a diverged run from a crash.
    static let divergedExitCode: Int32 = 3

    /// The flags as a request to the Lab.
    var request: RunRequest {
        var r = RunRequest()
        r.task = task
        r.model = model
        r.steps = steps
        r.batchSize = batchSize
        r.learningRate = learningRate
        r.maxGradNorm = maxGradNorm
        r.trainLength = trainLength
        r.minTrainLength = minTrainLength
        r.curriculum = curriculum
        r.evalMaxLength = evalMaxLength
        r.evalSamples = evalSamples
        r.evalBatchSize = evalBatchSize
        r.checkpointEvery = checkpointEvery
        r.evalEvery = evalEvery
        r.beamWidth = beamWidth
        r.seed = seed
        r.settings = settings
        r.taskSettings = taskSettings
        return r
    }
}
