import ArgumentParser
import Foundation
import ReckonLab

/// `reckon eval RUN_DIR`: re-evaluate a saved run from its checkpoint; `reckon eval MODEL_DIR --task T`:
/// score a compiled RASP model on a task.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a saved run, or a compiled RASP model on a task, at every length.",
        discussion: "At the run's own --eval-max-length the results go to eval.csv and summary.json; with another "
            + "--max-length they go to eval-<N>.csv and summary-<N>.json, so the run's own results are never "
            + "replaced. A directory written by `reckon rasp compile` is evaluated on --task at every length up to "
            + "its maximum (or --max-length), into eval-<task>.csv.")

    @Argument(help: "A run directory written by `reckon train`, or a model directory of `reckon rasp compile`.")
    var runDir: String
    @Option(parsing: .unconditional, help: "Longest evaluation length, above the training length (default: the run's).")
    var maxLength: Int?
    @Option(
        parsing: .unconditional,
        help: "Beam width of decoding (default: the run's, 1 = greedy); another writes eval-<N>-beam<W>.csv.")
    var beamWidth: Int?
    @Option(
        help: ArgumentHelp(
            "The task to score a compiled RASP model on, or a run's machine on instead of its own (a transfer, "
                + "into eval-<task>.csv and summary-<task>.json; the task's widths must be the run's)."))
    var task: String?
    @Option(name: .customLong("task-set"), help: "A setting of --task, name=value (repeatable; see `reckon tasks`).")
    var taskSettings: [String] = []
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Sequences per length (default: a run's own; 512 for a compiled model); another count than a run's "
                + "writes eval-<N>-samples<S>.csv and summary-<N>-samples<S>.json."))
    var samples: Int?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Score a word_problem run on the examples of this file (word-problem's data/<group>=<k>.csv, or "
                + "`reckon sample --csv`) instead; prints the accuracy and writes nothing."))
    var data: String?
    @Flag(help: "Print only the summary.") var quiet = false

    func run() throws {
        let url = URL(fileURLWithPath: runDir)
        if let data {
            let scored = try userErrors { () -> DataFileScore in
                guard maxLength == nil, beamWidth == nil, task == nil, samples == nil else {
                    throw LabError.invalidOption(
                        "--data scores the file's examples at the file's length; drop "
                            + "--max-length, --beam-width, --samples and --task")
                }
                return try DataFileScore.score(runAt: url, data: data)
            }
            let r = scored.result
            print(
                String(
                    format: "%@ on %@ (%@, length %d): accuracy %.4f over %d rows", runDir, data, scored.group,
                    scored.length, r.accuracy, r.samples)
                    + (r.exactMatch.map { String(format: ", exact match %.4f", $0) } ?? ""))
            return
        }
        if CompiledModelEvaluation.holdsCompiledModel(url) || (task != nil && !RunFolder(url: url).isRun) {
            try evaluateCompiledModel(url)
            return
        }
        let outcome = try userErrors { () -> RunOutcome in
            guard task != nil || taskSettings.isEmpty else {
                throw LabError.invalidOption("--task-set applies to --task; name the task to score the run on")
            }
            let transfer = try task.map { name in
                let pairs = try SettingOverride.parse(taskSettings, flag: "--task-set")
                return (task: name, settings: Dictionary(pairs.map { ($0.name, $0.text) }) { $1 })
            }
            return try SavedRun.open(
                url, maxLength: maxLength, beamWidth: beamWidth, samples: samples, transfer: transfer
            )
            .evaluate(progress: Progress.automatic(quiet: quiet))
        }
        if outcome.interrupted { throw ExitCode(130) }
        if let s = outcome.summary {
            print(SummaryTable.render(s, evaluation: outcome.evaluation, folder: outcome.folder.url.path))
        }
    }

    private func evaluateCompiledModel(_ url: URL) throws {
        let evaluation = try userErrors { () -> CompiledModelEvaluation in
            guard CompiledModelEvaluation.holdsCompiledModel(url) else {
                throw LabError.invalidOption(
                    "--task applies to a compiled RASP model's directory; '\(runDir)' "
                        + "holds no \(CompiledModelEvaluation.modelFileName)")
            }
            guard let task else {
                throw LabError.invalidOption(
                    "'\(runDir)' holds a compiled RASP model; name the task to score it "
                        + "on with --task")
            }
            return try CompiledModelEvaluation(
                directory: url, task: task, maxLength: maxLength, samples: samples ?? 512,
                batchSize: 128, seed: 0)
        }
        let progress = Progress.automatic(quiet: quiet)
        StopSignal.install()
        defer { StopSignal.uninstall() }
        let results = try userErrors {
            try evaluation.run(stop: { StopSignal.requested }) { r in
                progress.update(
                    String(
                        format: "evaluating length %d/%d  accuracy %.3f", r.length,
                        evaluation.evaluator.maxLength, r.accuracy), milestone: false)
            }
        }
        progress.finishLine()
        guard let results else { throw ExitCode(130) }
        let worst = results.min { $0.accuracy < $1.accuracy }
        let mean = RangeEvaluator.meanAccuracy(results, in: 1...evaluation.evaluator.maxLength)
        print(
            "compiled \(evaluation.machine.model.architecture.output) on \(evaluation.task.name): "
                + String(format: "mean accuracy %.4f over lengths 1-%d", mean, evaluation.evaluator.maxLength)
                + (worst.map { String(format: ", lowest %.4f at length %d", $0.accuracy, $0.length) } ?? "")
                + "; \(evaluation.evaluator.samples) sequences per length")
        print("  written to \(evaluation.resultsURL.path)")
    }
}
