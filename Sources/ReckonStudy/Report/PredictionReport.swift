import Foundation
import ReckonLab

/// The report's parts for next-symbol prediction runs (summary.json's `prediction`): the log-loss in
/// bits per symbol and the regret against the source's optimal predictor, on the training lengths and
/// after them, and the cumulative regret against position (Grau-Moya et al. 2024's plots), where a
/// machine that generalizes keeps its regret's slope flat past the training length.
struct PredictionReport {
    static func number(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "–" }

    /// The finished prediction runs of `task`, and a label each (the machine and the settings that set
    /// its runs apart).
    static func runs(_ source: ReportSource, task: String) -> [(run: ReportRun, label: String)] {
        let finished = source.runs.filter { $0.task == task && $0.summary?.prediction != nil }
        return Array(zip(finished, ResultsTable.configurationLabels(finished)))
    }

    /// Every sweep's prediction tasks: a table of the runs and the charts against position.
    static func sweep(_ m: inout Markup, _ source: ReportSource) {
        let tasks = source.tasks.filter { !runs(source, task: $0).isEmpty }
        guard !tasks.isEmpty else { return }
        m.element("h2", text: "Next-symbol prediction: bits and regret")
        m.element(
            "p",
            text: "Log-loss in bits per symbol, and regret per symbol against the source's Bayes-optimal "
                + "predictor (CTW for markov_source, the task's own structure for chomsky_source; none is known "
                + "for brainphoque), on the positions of the training length and on the positions after it. "
                + "Lower is better; 0 regret is optimal. The charts show every run: the cumulative regret "
                + "(bits per sequence) and the bits per symbol over the first n positions, against n.")
        for task in tasks {
            let entries = runs(source, task: task)
            table(&m, task: task, entries)
            charts(&m, task: task, entries)
        }
    }

    /// One prediction run's section.
    static func single(_ m: inout Markup, _ run: ReportRun) {
        guard run.summary?.prediction != nil else { return }
        m.element("h2", text: "Next-symbol prediction: bits and regret")
        table(&m, task: run.task, [(run, run.model)])
        charts(&m, task: run.task, [(run, run.model)])
    }

    static func table(_ m: inout Markup, task: String, _ entries: [(run: ReportRun, label: String)]) {
        let first = entries.first?.run.summary
        let train = first?.trainLength ?? 0
        let max = first?.evalMaxLength ?? 0
        m.element("table", [("class", "prediction")]) { m in
            m.element("tr") { m in
                for h in [
                    task, "bits/symbol 1–\(train)", "bits/symbol \(train + 1)–\(max)", "regret/symbol 1–\(train)",
                    "regret/symbol \(train + 1)–\(max)", "cumulative regret at \(max)", "uniform",
                ] {
                    m.element("th", [("class", "name")], text: h)
                }
            }
            for (run, label) in entries {
                guard let p = run.summary?.prediction else { continue }
                m.element("tr") { m in
                    m.element("td", [("class", "name")], text: label)
                    for v in [
                        p.trainLengthBitsPerSymbol, p.bitsPerSymbol, p.trainLengthRegretPerSymbol, p.regretPerSymbol,
                        p.cumulativeRegret, p.uniformBitsPerSymbol,
                    ] {
                        m.element("td", text: number(v))
                    }
                }
            }
        }
    }

    static func charts(_ m: inout Markup, task: String, _ entries: [(run: ReportRun, label: String)]) {
        func series(_ metric: String) -> [LineChart.Series] {
            entries.compactMap { run, label in
                let points = run.evaluation.compactMap { r in
                    r.taskMetrics?[metric].flatMap { $0.isFinite ? (Double(r.length), $0) : nil }
                }
                return points.isEmpty ? nil : LineChart.Series(name: label, points: points)
            }
        }
        let train = entries.first?.run.config.trainLength ?? 0
        let shaded = train > 0 ? (0.5...(Double(train) + 0.5), "trained at \(train)") : nil
        m.element("div", [("class", "charts")]) { m in
            let regret = series(PredictionMetric.cumulativeRegret)
            if !regret.isEmpty {
                let values = regret.flatMap { $0.points.map(\.y) }
                m.raw(
                    LineChart(
                        title: "\(task): cumulative regret against position", xLabel: "position n",
                        yLabel: "regret over 1–n (bits)", series: regret,
                        yDomain: Swift.min(0, values.min() ?? 0)...Swift.max(values.max() ?? 1, 1e-6), shaded: shaded
                    ).render())
            }
            let bits = series(PredictionMetric.bitsPerSymbol)
            if !bits.isEmpty {
                let top = bits.flatMap { $0.points.map(\.y) }.max() ?? 1
                let uniform = entries.first?.run.summary?.prediction?.uniformBitsPerSymbol
                m.raw(
                    LineChart(
                        title: "\(task): bits per symbol over the first n", xLabel: "position n",
                        yLabel: "bits per symbol", series: bits, yDomain: 0...Swift.max(top, uniform ?? 0, 1e-6),
                        shaded: shaded, reference: uniform.map { ($0, String(format: "uniform %.3f", $0)) }
                    ).render())
            }
        }
    }
}
