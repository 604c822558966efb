import Foundation
import ReckonLab
import ReckonMachines

/// The runs of a sweep directory scored from outside Reckon (`reckon score --into`): ordinary external
/// run folders in external/<name>[-s<seed>]-<dataset id>/, beside the planned runs in runs/. They are not in
/// sweep.json (no config trains them), so the sweep's runner never touches them; the results database
/// and `reckon report` read them after the planned runs, each as the config its summary and card
/// stand for (`config`).
public enum ExternalRuns {
    /// What an external run's id starts with: its folder is external/<rest>.
    public static let idPrefix = "external/"

    /// The folder of external runs in `directory`.
    public static func folder(in directory: SweepDirectory) -> URL {
        directory.url.appendingPathComponent("external")
    }

    /// The external runs `directory` holds, by folder name: each folder's URL and the run it stands for
    /// (id `external/<folder>`, never one of the planned runs' `<task>-<model>-<hash>`). Folders without
    /// an external summary are left out.
    public static func runs(in directory: SweepDirectory) -> [(url: URL, run: PlannedRun)] {
        let root = folder(in: directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
        return names.compactMap { name in
            let url = root.appendingPathComponent(name)
            guard let config = Self.config(RunFolder(url: url)) else { return nil }
            var run = PlannedRun(config: config, assignment: [:])
            run.id = idPrefix + name
            return (url, run)
        }
    }

    /// The config an external run (`reckon score`) stands for: its task, lengths and seed from its
    /// summary, its name marked "(external)" as the machine, protocol `external`, sequences per length
    /// and task settings from its dataset card; nil for anything else. Reckon trained nothing, so its
    /// steps, batch size and learning rate are 0 (the database's columns for them are not nullable).
    public static func config(_ folder: RunFolder) -> RunConfig? {
        guard let s = try? folder.readSummary(), s.external == true else { return nil }
        var c = RunConfig(task: s.task, model: "\(s.model) (external)", machineSettings: StoredSettings([:]))
        c.seed = s.seed
        c.curriculum.maxLength = s.trainLength
        c.evalMaxLength = s.evalMaxLength
        c.protocolName = "external"
        (c.steps, c.batchSize, c.learningRate) = (s.steps, 0, 0)
        if let card = try? JSONDecoder().decode(
            DatasetCard.self, from: Data(contentsOf: folder.url.appendingPathComponent(DatasetCard.fileName)))
        {
            c.taskSettings = card.taskSettings.isEmpty ? nil : card.taskSettings
            if let eval = card.splits.first(where: { $0.name == "eval" }) { c.evalSamples = eval.samples }
        }
        return c
    }

    /// `reckon score --into`: scores `predictions` with `score` into the sweep `directory` (see
    /// `destination`) and brings the sweep's database up to date. A refusal writes nothing; the
    /// database, derived from the folders, is otherwise updated by the next `reckon results`.
    public static func add(
        _ predictions: URL, scoredBy score: ExternalScore, to directory: SweepDirectory
    ) throws -> (summary: RunSummary, folder: URL) {
        let url = try destination(for: score, in: directory)
        let summary = try score.write(predictions, to: url)
        let database = try ResultsDatabase(directory)
        try database.sync(directory, manifest: try directory.manifest())
        return (summary, url)
    }

    /// Where `reckon score --into` writes `score`'s predictions: external/<`score.folderName`>. Checks
    /// that `directory` holds a sweep that plans the dataset's task with the same settings, and that the
    /// folder is not taken. Creates nothing.
    public static func destination(for score: ExternalScore, in directory: SweepDirectory) throws -> URL {
        let card = score.card
        let manifest = try directory.manifest()
        let tasks = manifest.runs.map { ($0.config.task, $0.config.taskSettings ?? [:]) }
        guard tasks.contains(where: { $0.0 == card.task && $0.1 == card.taskSettings }) else {
            func label(_ task: String, _ settings: [String: String]) -> String {
                settings.isEmpty
                    ? task
                    : task + " ("
                        + settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                        .joined(separator: ", ") + ")"
            }
            let planned = Set(tasks.map(label)).sorted().joined(separator: ", ")
            throw SweepError(
                "sweep '\(manifest.name)' plans no run on \(label(card.task, card.taskSettings)), the dataset's task "
                    + "(it plans \(planned.isEmpty ? "nothing" : planned)); score into a sweep of that task, "
                    + "or use --out")
        }
        // `ExternalScore` allows letters, digits, '.', '_' and '-' in the name, and the dataset id is Reckon's.
        let url = folder(in: directory).appendingPathComponent(score.folderName)
        if FileManager.default.fileExists(atPath: url.path) {
            let seed = score.modelSeed.map { " with seed \($0)" } ?? ""
            throw SweepError(
                "sweep '\(manifest.name)' already holds '\(score.name)'\(seed) scored on dataset \(card.datasetID) "
                    + "(\(url.path)); give another --name or --seed")
        }
        return url
    }
}
