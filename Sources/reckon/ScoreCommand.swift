import ArgumentParser
import Foundation
import ReckonLab
import ReckonStudy

/// `reckon score PREDICTIONS --dataset DIR --name NAME`: a model's predictions for an exported dataset,
/// scored as Reckon scores its own runs, into a run folder marked external.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score predictions made outside Reckon for a dataset of `reckon dataset export`.",
        discussion:
            "PREDICTIONS is JSON lines, one per eval record: {\"dataset\": ID, \"id\": ..., \"tokens\": [...]} "
            + "with the answer's symbols or ids, or \"logits\" / \"probabilities\" (a row of classes per answer "
            + "position; needed for prediction tasks, scored in bits), \"bits\" for bit-vector tasks, \"values\" "
            + "for real-valued ones. ID is dataset.json's dataset_id. Missing, extra or repeated ids, answers of "
            + "the wrong length, symbols outside the alphabet and predictions for another dataset are refused "
            + "with one line (exit 2) and nothing written. The run folder holds eval.csv, summary.json (with "
            + "\"external\": true) and the dataset's card; `reckon report` shows it beside Reckon's runs. With "
            + "--into it goes into a sweep directory that plans the dataset's task, as external/<name>[-s<seed>]-"
            + "<dataset id>/, and the sweep's `reckon results`, database and `reckon report` list it with the "
            + "sweep's runs.")

    @Argument(help: "The predictions, JSON lines.") var predictions: String
    @Option(help: "A directory written by `reckon dataset export`.") var dataset: String
    @Option(help: "The model's name, shown as its machine in results and reports.") var name: String
    @Option(
        help: ArgumentHelp(
            "The seed the model was trained with: its run's seed in results, so one model's seeds share a cell "
                + "(default: the dataset's seed)."))
    var seed: UInt64?
    @Option(help: "A new (or empty) run folder (default: runs/<name>[-s<seed>]-<dataset id>).") var out: String?
    @Option(help: "A sweep directory to add the run to, as external/<name>[-s<seed>]-<dataset id>/ (instead of --out).")
    var into: String?

    func run() throws {
        let (score, summary, url) = try userErrors { () -> (ExternalScore, RunSummary, URL) in
            guard out == nil || into == nil else {
                throw LabError.invalidOption("--out and --into name two places for one run; give one")
            }
            let score = try ExternalScore(dataset: URL(fileURLWithPath: dataset), name: name, modelSeed: seed)
            let file = URL(fileURLWithPath: predictions)
            if let into {
                let (summary, url) = try ExternalRuns.add(
                    file, scoredBy: score, to: SweepDirectory(URL(fileURLWithPath: into)))
                return (score, summary, url)
            }
            let url = URL(fileURLWithPath: out ?? "runs/\(score.folderName)")
            return (score, try score.write(file, to: url), url)
        }
        print(
            "\(name) on \(summary.task) (dataset \(score.card.datasetID)): "
                + String(
                    format: "score %.4f (mean accuracy on lengths %d-%d), %.4f on the training lengths, random %.4f",
                    summary.score ?? .nan, summary.trainLength + 1, summary.evalMaxLength,
                    summary.trainLengthAccuracy ?? .nan, summary.randomGuessAccuracy))
        if let p = summary.prediction, let bits = p.bitsPerSymbol {
            print(
                String(format: "  %.4f bits per symbol after the training length", bits)
                    + (p.regretPerSymbol.map { String(format: ", regret %.4f", $0) } ?? ""))
        }
        print("  written to \(url.path)")
    }
}
