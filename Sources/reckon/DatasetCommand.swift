import ArgumentParser
import Foundation
import ReckonLab

/// `reckon dataset`: a task's examples as files for models trained elsewhere.
struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Datasets for models trained outside Reckon.", subcommands: [DatasetExportCommand.self])
}

/// `reckon dataset export TASK`: the task's examples as JSON lines or CSV, with a card of checksums.
struct DatasetExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a task's examples (an eval split per length, optionally a train split) and dataset.json.",
        discussion:
            "eval.<format> holds --samples sequences at every length of --lengths, the sequences Reckon's own "
            + "evaluation of a run with this --seed scores; train.<format> (with --train-samples) sequences of "
            + "lengths uniform over --train-lengths. Each record: id, split, length, input and target in the "
            + "task's symbols and as ids (or bits or values), and the mask of the positions that count. "
            + "dataset.json holds the task, settings, seed, lengths, Reckon's version and a SHA-256 per file; "
            + "the same command gives the same bytes on any machine.")

    @Argument(help: "Task name (see `reckon tasks`).") var task: String
    @Option(help: "Eval lengths, A-B (default: 1 to the task's evaluation length, 500 for the Chomsky tasks).")
    var lengths: String?
    @Option(parsing: .unconditional, help: "Eval sequences per length.") var samples = 64
    @Option(help: "Train lengths, A-B (default: 1 to the task's training length, 40 for the Chomsky tasks).")
    var trainLengths: String?
    @Option(parsing: .unconditional, help: "Train sequences (0: no train split).") var trainSamples = 0
    @Option(parsing: .unconditional, help: "Random seed, 0 ... 2^64 - 1.") var seed: UInt64 = 0
    @Option(name: .customLong("task-set"), help: "Task setting, name=value (repeatable; see `reckon tasks`).")
    var taskSettings: [String] = []
    @Option(help: "jsonl or csv.") var format = "jsonl"
    @Option(help: "A new (or empty) directory (default: datasets/<task>-s<seed>).") var out: String?

    func run() throws {
        let export = try userErrors { () -> DatasetExport in
            guard let chosen = DatasetExport.Format(rawValue: format) else {
                throw LabError.invalidOption("--format must be jsonl or csv, got '\(format)'")
            }
            let pairs = try SettingOverride.parse(taskSettings, flag: "--task-set")
            return try DatasetExport(
                task: task, settings: Dictionary(pairs.map { ($0.name, $0.text) }) { $1 }, seed: seed,
                lengths: lengths, samples: samples, trainLengths: trainLengths, trainSamples: trainSamples,
                format: chosen)
        }
        let url = URL(fileURLWithPath: out ?? "datasets/\(task)-s\(seed)")
        let start = Date()
        let card = try userErrors { try export.write(to: url) }
        for s in card.splits {
            print("\(s.file): \(s.records) records, \(s.bytes) bytes, lengths \(s.lengths), sha256 \(s.sha256)")
        }
        print(
            "dataset \(card.datasetID) written to \(url.path) in "
                + String(format: "%.1f s", Date().timeIntervalSince(start)))
    }
}
