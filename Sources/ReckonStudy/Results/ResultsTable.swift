import Foundation
import ReckonLab
import ReckonSupport
import ReckonTasks

/// What a results table needs of one run (a database row or a run folder read for a report).
public protocol ResultEntry: Sendable {
    var task: String { get }
    var model: String { get }
    var state: RunState { get }
    var score: Double? { get }
    /// The score scaled against the task's chance level (`ScaledAccuracy`), nil where the task has none.
    var scaledScore: Double? { get }
    var randomBaseline: Double? { get }
    /// What the run was run with besides its task, machine and seed (settings and config values as text):
    /// runs of a machine that agree here differ only by seed (`Aggregate.best`).
    var configuration: [String: String] { get }
    /// Names `value(of:)` answers besides the fixed columns.
    var settingNames: [String] { get }
    /// A column's or setting's value as text (for `--where`).
    func value(of name: String) -> String?
    /// Whether the run was evaluated on a table's held-out entries (`RunSummary.heldOutAxis`): it has no
    /// length axis, and its score is the held-out accuracy.
    var heldOutEntries: Bool { get }
    /// A table run's first evaluated step with held-out accuracy at its grok threshold (its time to grok);
    /// nil when it never got there, and for runs over lengths.
    var grokkingStep: Int? { get }
    /// A next-symbol prediction run's log-loss in bits per symbol after the training length
    /// (`PredictionSummary.bitsPerSymbol`); nil for other runs.
    var bitsPerSymbol: Double? { get }
    /// Its regret per symbol there against the source's optimal predictor; nil where there is none.
    var regretPerSymbol: Double? { get }
}

extension ResultEntry {
    public var heldOutEntries: Bool { false }
    public var grokkingStep: Int? { nil }
    public var bitsPerSymbol: Double? { nil }
    public var regretPerSymbol: Double? { nil }
}

/// `reckon results`: a task × machine table of scores aggregated over every other axis (seeds,
/// learning rates, settings), with each cell's run count, its scaled accuracy where the task has a chance
/// level, and the task's random baseline; or, aggregated `best`, a task × configuration table.
public struct ResultsTable: Sendable {
    /// How a cell combines its runs' scores. `max` is the paper's (Delétang et al.: the best of 30 runs).
    /// `best` is Grazzi et al. 2025's best of N seeds: runs are split by configuration (a machine and the
    /// settings that set its runs apart, `ResultEntry.configuration`), so a cell's runs differ only by seed,
    /// and the cell is their max (`xlstm/plotting/parity_delta.py` and the others print `np.max` of the
    /// seeds' scaled accuracies).
    public enum Aggregate: String, CaseIterable, Sendable { case max, median, mean, best }

    /// Names that are never part of a configuration: the table's own rows and columns, the seed, the state.
    static let notConfiguration: Set<String> = ["task", "model", "seed", "status"]
    /// Output formats.
    public enum Format: String, CaseIterable, Sendable { case table, csv, json, markdown }

    /// One task × machine cell (task × configuration under `best`).
    public struct Cell: Equatable, Sendable {
        public var task: String
        /// The machine; under `best`, the machine and the settings that set this configuration apart
        /// (`lstm hidden_size=64`), or the machine alone when its runs differ only by seed.
        public var model: String
        /// Finished runs (the scores aggregated); under `best`, the seeds (N).
        public var runs: Int
        /// Failed (or diverged) runs, not counted as scores.
        public var failed: Int
        public var scores: [Double]
        /// The finished runs' scaled scores (empty when the task has no chance level).
        public var scaledScores: [Double] = []
        public var randomBaseline: Double?
        /// The finished runs evaluated on a table's held-out entries, and the grokking steps of those that
        /// grokked (`ResultEntry.grokkingStep`).
        public var tableRuns = 0
        public var grokkingSteps: [Int] = []
        /// The finished prediction runs' bits per symbol and regrets per symbol after the training length.
        public var bitsPerSymbol: [Double] = []
        public var regretsPerSymbol: [Double] = []

        /// Bits or regrets aggregated as `a` aggregates the scores, lower being better: the best of
        /// them (the minimum) under `max` and `best`.
        public static func lowest(_ values: [Double], _ a: Aggregate) -> Double? {
            a == .max || a == .best ? values.min() : aggregate(values, a)
        }

        /// The median step at which the cell's table runs that grokked did so.
        public var medianGrokkingStep: Double? { Self.median(grokkingSteps.map(Double.init)) }

        public var max: Double? { scores.max() }
        public var mean: Double? { Self.mean(scores) }
        public var median: Double? { Self.median(scores) }

        public func value(_ a: Aggregate) -> Double? { Self.aggregate(scores, a) }

        /// The scaled scores aggregated as `a` aggregates the scores (nil when there are none).
        public func scaledValue(_ a: Aggregate) -> Double? { Self.aggregate(scaledScores, a) }

        static func aggregate(_ values: [Double], _ a: Aggregate) -> Double? {
            switch a {
            case .max, .best: return values.max()
            case .median: return median(values)
            case .mean: return mean(values)
            }
        }

        static func mean(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }

        static func median(_ values: [Double]) -> Double? {
            let s = values.sorted()
            guard !s.isEmpty else { return nil }
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
    }

    public var aggregate: Aggregate
    public var tasks: [String]
    public var models: [String]
    public var cells: [Cell]
    /// The filters applied, as given.
    public var filters: [String]

    /// A filter `name=value` on a column or setting (`positional_encodings=rotary`, `seed=3`).
    public static func parseFilter(_ text: String) throws -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw SweepError("--where expects name=value (e.g. positional_encodings=rotary), got '\(text)'")
        }
        return (parts[0], parts[1])
    }

    /// The table of `rows` (every run of a sweep) under `filters`.
    public static func build(_ rows: [any ResultEntry], aggregate: Aggregate, filters: [String]) throws -> ResultsTable
    {
        let parsed = try filters.map(parseFilter)
        for (name, _) in parsed where !rows.contains(where: { $0.value(of: name) != nil }) {
            let names = Set(
                rows.flatMap(\.settingNames) + ["task", "model", "seed", "learning_rate", "protocol", "status"])
            let hint = NameSuggestion.closest(to: name, among: names.sorted()).map { "did you mean '\($0)'? " } ?? ""
            throw SweepError(
                "--where: no run has a setting '\(name)'; \(hint)known: " + names.sorted().joined(separator: ", "))
        }
        let selected = rows.filter { row in parsed.allSatisfy { SweepPlan.same(row.value(of: $0.0), $0.1) } }
        let catalogOrder = Dictionary(TaskCatalog.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let tasks = Array(Set(selected.map(\.task))).sorted {
            (catalogOrder[$0] ?? .max, $0) < (catalogOrder[$1] ?? .max, $1)
        }
        let column = aggregate == .best ? configurationLabels(selected) : selected.map(\.model)
        var models: [String] = []
        for c in column where !models.contains(c) { models.append(c) }
        var cells: [Cell] = []
        for t in tasks {
            for m in models {
                let runs = selected.indices.filter { selected[$0].task == t && column[$0] == m }.map { selected[$0] }
                if runs.isEmpty { continue }
                let finished = runs.filter { $0.state == .finished && $0.score != nil }
                let tables = finished.filter(\.heldOutEntries)
                cells.append(
                    Cell(
                        task: t, model: m, runs: finished.count,
                        failed: runs.filter { $0.state == .failed }.count,
                        scores: finished.compactMap(\.score), scaledScores: finished.compactMap(\.scaledScore),
                        randomBaseline: runs.compactMap(\.randomBaseline).first ?? baseline(t), tableRuns: tables.count,
                        grokkingSteps: tables.compactMap(\.grokkingStep),
                        bitsPerSymbol: finished.compactMap(\.bitsPerSymbol),
                        regretsPerSymbol: finished.compactMap(\.regretPerSymbol)))
            }
        }
        return ResultsTable(aggregate: aggregate, tasks: tasks, models: models, cells: cells, filters: filters)
    }

    /// Each run's column under `best`: its machine, then `name=value` for every configuration value in
    /// which that machine's runs (over all tasks, so a column means one thing in every row) disagree.
    static func configurationLabels(_ rows: [any ResultEntry]) -> [String] {
        let configurations = rows.map(\.configuration)
        var differing: [String: [String]] = [:]
        for model in Set(rows.map(\.model)) {
            let mine = rows.indices.filter { rows[$0].model == model }.map { configurations[$0] }
            let names = Set(mine.flatMap(\.keys))
            differing[model] = names.filter { name in Set(mine.map { $0[name] ?? "" }).count > 1 }.sorted()
        }
        return rows.indices.map { i in
            let row = rows[i]
            let parts = (differing[row.model] ?? []).map { "\($0)=\(configurations[i][$0] ?? "")" }
            return ([row.model] + parts).joined(separator: " ")
        }
    }

    /// The random-guess accuracy of a task when no finished run recorded it: the Lab's, so
    /// pointer tasks (whole answers over input positions) get theirs too.
    static func baseline(_ task: String) -> Double? {
        guard let t = try? TaskCatalog.task(named: task) else { return nil }
        return OutputHeads.head(for: t).randomGuessAccuracy
    }

    public func cell(_ task: String, _ model: String) -> Cell? { cells.first { $0.task == task && $0.model == model } }

    static func number(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }

    /// The table in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .table: return renderTable()
        case .markdown: return renderMarkdown()
        case .csv: return renderCSV()
        case .json: return renderJSON()
        }
    }

    private func cellText(_ c: Cell?) -> String {
        guard let c else { return "" }
        var text = "\(Self.number(c.value(aggregate))) / \(Self.number(c.median)) (\(c.runs))"
        if let scaled = c.scaledValue(aggregate) { text += " scaled \(Self.number(scaled))" }
        if c.tableRuns > 0 {
            text += " grokked \(c.grokkingSteps.count)/\(c.tableRuns)"
            if let step = c.medianGrokkingStep { text += " at step \(Self.step(step))" }
        }
        if let bits = Cell.lowest(c.bitsPerSymbol, aggregate) { text += " bits \(Self.number(bits))" }
        if let regret = Cell.lowest(c.regretsPerSymbol, aggregate) { text += " regret \(Self.number(regret))" }
        if c.failed > 0 { text += " \(c.failed) failed" }
        return text
    }

    /// Whether any cell holds prediction runs: only then do the legend, the CSV and the JSON speak of bits.
    private var hasPredictionRuns: Bool { cells.contains { !$0.bitsPerSymbol.isEmpty } }

    /// A step, or the median of two: whole numbers without decimals.
    static func step(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }

    /// Whether any cell holds table runs: only then do the legend, the CSV and the JSON speak of grokking, so
    /// a sweep without them reads as it did before.
    private var hasTableRuns: Bool { cells.contains { $0.tableRuns > 0 } }

    /// What a cell holds, in words (the table's first line, the markdown's last).
    private var legend: String {
        let scaled = "scaled: the \(aggregate.rawValue) scaled accuracy, (score - random) / (1 - random) clipped at 0"
        let grokked =
            hasTableRuns
            ? "; table tasks (scored on held-out entries, no length axis): grokked k/n runs at the median grokking "
                + "step of the k" : ""
        let lower = aggregate == .max || aggregate == .best ? "lowest" : aggregate.rawValue
        let bits =
            hasPredictionRuns
            ? "; prediction tasks: the \(lower) log-loss in bits per symbol and regret per symbol (against the "
                + "source's optimal predictor) after the training length" : ""
        guard aggregate == .best else {
            return "\(aggregate.rawValue) / median (finished runs) of the score; \(scaled)" + grokked + bits
        }
        return "best / median (N seeds) of the score; \(scaled) (the best of N seeds, Grazzi et al. 2025); "
            + "a column per machine and the settings that set its runs apart besides the seed" + grokked + bits
    }

    private func renderTable() -> String {
        let taskWidth = Swift.max(4, tasks.map(\.count).max() ?? 0)
        let columns = models.map { m in Swift.max(m.count, tasks.map { cellText(cell($0, m)).count }.max() ?? 0) }
        var lines = ["cells: " + legend + (filters.isEmpty ? "" : "; where " + filters.joined(separator: ", "))]
        var header = "task".padding(toLength: taskWidth, withPad: " ", startingAt: 0) + "  random"
        for (m, w) in zip(models, columns) { header += "  " + m.padding(toLength: w, withPad: " ", startingAt: 0) }
        lines.append(header)
        for t in tasks {
            let baseline = cells.first { $0.task == t }?.randomBaseline
            var line =
                t.padding(toLength: taskWidth, withPad: " ", startingAt: 0) + "  "
                + Self.number(baseline).padding(toLength: 6, withPad: " ", startingAt: 0)
            for (m, w) in zip(models, columns) {
                line += "  " + cellText(cell(t, m)).padding(toLength: w, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(
            separator: "\n")
    }

    private func renderMarkdown() -> String {
        var lines = [
            "| task | random | " + models.joined(separator: " | ") + " |",
            "|---|---|" + String(repeating: "---|", count: models.count),
        ]
        for t in tasks {
            let baseline = cells.first { $0.task == t }?.randomBaseline
            lines.append(
                "| \(t) | \(Self.number(baseline)) | " + models.map { cellText(cell(t, $0)) }.joined(separator: " | ")
                    + " |")
        }
        lines.append("")
        lines.append("Cells: \(legend).")
        return lines.joined(separator: "\n")
    }

    private func renderCSV() -> String {
        // The scaled columns come last, so the columns before them keep their places.
        // So do the grokking columns after them, present only when some run is a table run.
        let tables = hasTableRuns
        var lines = [
            "task,model,runs,failed,aggregate,value,max,median,mean,random_baseline,"
                + "scaled_value,scaled_max,scaled_median,scaled_mean"
                + (tables ? ",table_runs,grokked,grokking_step_median,grokking_step_min" : "")
                + (hasPredictionRuns ? ",bits_per_symbol,regret_per_symbol" : "")
        ]
        func f(_ x: Double?) -> String { x.map { String(format: "%.6f", $0) } ?? "" }
        func prediction(_ c: Cell) -> String {
            ",\(f(Cell.lowest(c.bitsPerSymbol, aggregate))),\(f(Cell.lowest(c.regretsPerSymbol, aggregate)))"
        }
        for c in cells {
            let scaled = [c.scaledValue(aggregate), c.scaledValue(.max), c.scaledValue(.median), c.scaledValue(.mean)]
            var grokking = ""
            if tables {
                grokking =
                    ",\(c.tableRuns),\(c.grokkingSteps.count),\(c.medianGrokkingStep.map(Self.step) ?? ""),"
                    + (c.grokkingSteps.min().map(String.init) ?? "")
            }
            lines.append(
                "\(CSVField.quoted(c.task)),\(CSVField.quoted(c.model)),\(c.runs),\(c.failed),\(aggregate.rawValue),"
                    + "\(f(c.value(aggregate))),\(f(c.max)),\(f(c.median)),\(f(c.mean)),\(f(c.randomBaseline)),"
                    + scaled.map(f).joined(separator: ",") + grokking + (hasPredictionRuns ? prediction(c) : ""))
        }
        return lines.joined(separator: "\n")
    }

    private func renderJSON() -> String {
        let objects: [[String: Any]] = cells.map { c in
            var o: [String: Any] = [
                "task": c.task, "model": c.model, "runs": c.runs, "failed": c.failed,
                "aggregate": aggregate.rawValue, "scores": c.scores,
            ]
            if let v = c.value(aggregate) { o["value"] = v }
            if let v = c.median { o["median"] = v }
            if let v = c.max { o["max"] = v }
            if let v = c.mean { o["mean"] = v }
            if let v = c.randomBaseline { o["random_baseline"] = v }
            if !c.scaledScores.isEmpty { o["scaled_scores"] = c.scaledScores }
            let scaled: [(String, Aggregate)] = [
                ("scaled_value", aggregate), ("scaled_max", .max), ("scaled_median", .median), ("scaled_mean", .mean),
            ]
            for (key, a) in scaled { if let v = c.scaledValue(a) { o[key] = v } }
            if c.tableRuns > 0 {
                o["evaluation"] = RunSummary.heldOutAxis
                o["table_runs"] = c.tableRuns
                o["grokking_steps"] = c.grokkingSteps
                if let v = c.medianGrokkingStep { o["grokking_step_median"] = v }
            }
            if !c.bitsPerSymbol.isEmpty {
                o["bits_per_symbol"] = c.bitsPerSymbol
                if let v = Cell.lowest(c.bitsPerSymbol, aggregate) { o["bits_per_symbol_value"] = v }
            }
            if !c.regretsPerSymbol.isEmpty {
                o["regret_per_symbol"] = c.regretsPerSymbol
                if let v = Cell.lowest(c.regretsPerSymbol, aggregate) { o["regret_per_symbol_value"] = v }
            }
            return o
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
