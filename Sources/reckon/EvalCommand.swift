import ArgumentParser
import Foundation
import ReckonLab

/// `reckon eval RUN_DIR`: re-evaluate a saved run from its checkpoint.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a saved run at every length (completes an interrupted evaluation).",
        discussion: "At the run's own --eval-max-length the results go to eval.csv and summary.json; with another "
            + "--max-length they go to eval-<N>.csv and summary-<N>.json, so the run's own results are never replaced.")

    @Argument(help: "A run directory written by `reckon train`.") var runDir: String
    @Option(parsing: .unconditional, help: "Longest evaluation length, above the training length (default: the run's).")
    var maxLength: Int?
    @Option(parsing: .unconditional,
            help: "Beam width of autoregressive decoding (default: the run's, greedy); another width writes eval-<N>-beam<W>.csv.")
    var beamWidth: Int?
    @Flag(help: "Print only the summary.") var quiet = false

    func run() throws {
        let outcome = try userErrors { () -> RunOutcome in
            let trainer = try Trainer.openForEvaluation(URL(fileURLWithPath: runDir), maxLength: maxLength,
                                                        beamWidth: beamWidth, progress: Progress.automatic(quiet: quiet))
            return try trainer.evaluate()
        }
        if outcome.interrupted { throw ExitCode(130) }
        if let s = outcome.summary { print(SummaryTable.render(s, evaluation: outcome.evaluation, folder: outcome.folder.url.path)) }
    }
}
