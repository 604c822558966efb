import ArgumentParser
import Foundation
import ReckonLab

/// `reckon eval RUN_DIR`: re-evaluate a saved run from its checkpoint.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-evaluate a saved run at every length (rewrites eval.csv and summary.json).")

    @Argument(help: "A run directory written by `reckon train`.") var runDir: String
    @Option(help: "Longest evaluation length (default: the run's).") var maxLength: Int?
    @Flag(help: "Print only the summary.") var quiet = false

    func run() throws {
        let outcome = try userErrors { () -> RunOutcome in
            if let maxLength, maxLength < 1 { throw LabError.invalidOption("--max-length must be at least 1, got \(maxLength)") }
            let trainer = try Trainer.resume(URL(fileURLWithPath: runDir), requested: { $0 }, progress: Progress.automatic(quiet: quiet))
            guard trainer.session.step == trainer.session.config.steps else {
                throw LabError.invalidOption("run '\(runDir)' stopped at step \(trainer.session.step) of \(trainer.session.config.steps); finish it with reckon train --resume \(runDir)")
            }
            let previous = try? trainer.folder.readSummary()
            return try trainer.evaluateAndSummarize(trainSeconds: previous?.trainSeconds ?? 0, maxLength: maxLength)
        }
        if let s = outcome.summary { print(SummaryTable.render(s, evaluation: outcome.evaluation, folder: outcome.folder.url.path)) }
    }
}
