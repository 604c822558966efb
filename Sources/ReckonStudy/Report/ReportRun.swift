import Foundation
import ReckonLab
import ReckonMachines
import ReckonTasks

/// What a report shows of one run, read from its folder.
public struct ReportRun: ResultEntry {
    public var id: String
    public var config: RunConfig
    public var state: RunState
    public var error: String?
    public var summary: RunSummary?
    public var evaluation: [LengthResult]
    public var metrics: [MetricsRecord]
    /// The run's folder.
    public var url: URL?

    /// The run's score when it finished.
    public var score: Double? { summary?.score }

    /// The run's scaled score when it finished (a summary written before it existed gets it from its
    /// score and task, `ScaledAccuracy.score(of:config:)`).
    public var scaledScore: Double? { summary.flatMap { ScaledAccuracy.score(of: $0, config: config) } }

    /// Reads the run folder at `url`; nil when it holds no run.
    public static func read(_ url: URL, id: String? = nil, planned: RunConfig? = nil) -> ReportRun? {
        let folder = RunFolder(url: url)
        let config = (try? folder.readConfig()) ?? planned ?? ExternalRuns.config(folder)
        guard let config else { return nil }
        var state = RunState.of(url)
        let (summary, corruption) = state == .finished ? RunState.checkedSummary(folder) : (nil, nil)
        var error: String? = nil
        if state == .failed { error = (try? RunExecutor.readFailure(url))?.error ?? "diverged" }
        if let corruption { (state, error) = (.failed, corruption) }
        return ReportRun(
            id: id ?? url.lastPathComponent, config: config, state: state, error: error, summary: summary,
            evaluation: summary == nil ? [] : ((try? folder.readEvaluation()) ?? []), metrics: folder.readMetrics(),
            url: url)
    }

    /// Whether the run was scored from predictions made outside Reckon (`reckon score`).
    public var external: Bool { summary?.external == true }

    /// A table run's measures (summary.json's `held_out`): evaluated on held-out entries, no length axis.
    public var heldOut: HeldOutSummary? { summary?.heldOut }
    public var heldOutEntries: Bool { heldOut != nil }
    public var grokkingStep: Int? { heldOut?.grokkingStep }
    /// A prediction run's bits and regret per symbol after the training length (summary.json's `prediction`).
    public var bitsPerSymbol: Double? { summary?.prediction?.bitsPerSymbol }
    public var regretPerSymbol: Double? { summary?.prediction?.regretPerSymbol }

    /// The random-guess accuracy of the run's task.
    public var randomBaseline: Double? { summary?.randomGuessAccuracy ?? ResultsTable.baseline(config.task) }

    public var task: String { config.task }
    public var model: String { config.model }
    public var settingNames: [String] { Array(config.machineSettings.values.keys) }

    /// Every run setting but the seed, the machine's and the task's settings, and the protocol.
    public var configuration: [String: String] {
        var out = config.settings.values.mapValues(\.text)
        out.removeValue(forKey: "seed")
        for (name, value) in config.machineSettings.values { out[name] = value.description }
        for (name, value) in config.taskSettings ?? [:] { out[name] = value }
        out["protocol"] = ProtocolName.label(config)
        return out.filter { !ResultsTable.notConfiguration.contains($0.key) }
    }

    public func value(of name: String) -> String? {
        switch name {
        case "task": return config.task
        case "model": return config.model
        case "seed": return String(config.seed)
        case "learning_rate": return String(config.learningRate)
        case "status": return state.rawValue
        case "protocol": return ProtocolName.label(config)
        default: return config.machineSettings.values[name]?.description
        }
    }
}

/// The runs a report covers: a sweep directory, one run folder, or a folder of run folders
/// (what `reckon demo` writes).
public struct ReportSource: Sendable {
    public enum Kind: Sendable, Equatable { case sweep, run, runs }
    public var kind: Kind
    public var title: String
    public var protocolName: String
    public var runs: [ReportRun]

    /// Reads whatever `url` holds; a one-line error when it is none of the three.
    public static func read(_ url: URL) throws -> ReportSource {
        let fm = FileManager.default
        let sweep = SweepDirectory(url)
        if sweep.exists {
            let manifest = try sweep.manifest()
            let runs =
                manifest.runs.compactMap { ReportRun.read(sweep.runURL($0.id), id: $0.id, planned: $0.config) }
                + ExternalRuns.runs(in: sweep).compactMap { ReportRun.read($0.url, id: $0.run.id) }
            // The runs' own labels carry what they change of the protocol: `paper (steps=10000)`.
            let labels = Set(manifest.runs.map { ProtocolName.label($0.config) }).sorted()
            return ReportSource(
                kind: .sweep, title: manifest.name,
                protocolName: labels.isEmpty ? manifest.protocolName : labels.joined(separator: ", "), runs: runs)
        }
        if let run = ReportRun.read(url) {
            return ReportSource(
                kind: .run, title: "\(run.config.model) on \(run.config.task)",
                protocolName: ProtocolName.label(run.config), runs: [run])
        }
        var runs: [ReportRun] = []
        let children = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        for child in children {
            let childURL = url.appendingPathComponent(child)
            if let run = ReportRun.read(childURL) {
                runs.append(run)
                continue
            }
            // One level further: `reckon demo` writes runs/<stamp>/<model>/.
            for grandchild in ((try? fm.contentsOfDirectory(atPath: childURL.path)) ?? []).sorted() {
                if let run = ReportRun.read(childURL.appendingPathComponent(grandchild), id: "\(child)/\(grandchild)") {
                    runs.append(run)
                }
            }
        }
        guard !runs.isEmpty else {
            if !fm.fileExists(atPath: url.path) { throw SweepError("'\(url.path)' does not exist") }
            throw SweepError(
                "'\(url.path)' holds no sweep (sweep.json) and no run (config.json); give a sweep or run directory")
        }
        return ReportSource(
            kind: .runs, title: url.lastPathComponent,
            protocolName: Set(runs.map { ProtocolName.label($0.config) }).sorted().joined(separator: ", "),
            runs: runs)
    }

    /// Tasks in catalog order (grouped by level), machines in order of appearance.
    public var tasks: [String] {
        let order = Dictionary(TaskCatalog.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return Array(Set(runs.map(\.config.task))).sorted { (order[$0] ?? .max, $0) < (order[$1] ?? .max, $1) }
    }

    public var models: [String] {
        var out: [String] = []
        for r in runs where !out.contains(r.config.model) { out.append(r.config.model) }
        return out
    }

    /// The finished run with the highest score for a task and machine.
    public func best(_ task: String, _ model: String) -> ReportRun? {
        runs.filter { $0.config.task == task && $0.config.model == model && $0.score != nil }.max {
            $0.score! < $1.score!
        }
    }
}
