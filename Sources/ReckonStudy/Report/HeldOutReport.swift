import Foundation
import ReckonLab

/// The report's parts for table runs (summary.json's `held_out`): they are evaluated on the held-out
/// entries of a finite table and have no length axis, so in place of accuracy against length they show
/// the progress measures of Power et al. 2022 and Nanda et al. 2023: train and held-out accuracy and loss
/// against a log-scaled step axis with the memorization and grokking steps marked, the weight norm, and
/// the token embedding's Fourier spectrum.
struct HeldOutReport {
    /// The statement every table run's page and every sweep with table runs makes.
    static let statement =
        "evaluated on held-out entries of the table and has no length axis: its score is the accuracy on the "
        + "entries training never saw, and in place of the accuracy-by-length chart the page shows the measures "
        + "below."

    /// One table run's measures by step: metrics.jsonl's `held_out` records, and the summary's final
    /// measures at the last step when no record holds them (the final evaluation is not logged as one).
    static func curve(_ run: ReportRun) -> [(step: Int, result: HeldOutResult)] {
        var points = run.metrics.compactMap { r in r.heldOut.map { (step: r.step, result: $0) } }
        if let s = run.summary, let held = s.heldOut, !points.contains(where: { $0.step == s.steps }) {
            points.append((s.steps, held.final))
        }
        return points.sorted { $0.step < $1.step }
    }

    /// The memorization and grokking steps as chart markers.
    static func markers(_ held: HeldOutSummary) -> [LineChart.Marker] {
        var out: [LineChart.Marker] = []
        if let step = held.memorizationStep { out.append(.init(x: Double(step), label: "memorized at \(step)")) }
        if let step = held.grokkingStep { out.append(.init(x: Double(step), label: "grokked at \(step)")) }
        return out
    }

    static func number(_ x: Double?, _ format: String = "%.4f") -> String {
        x.map { String(format: format, $0) } ?? "–"
    }

    /// A single table run's section: the statement, the measures' table and the charts.
    static func single(_ m: inout Markup, _ run: ReportRun, _ held: HeldOutSummary) {
        let points = curve(run)
        let steps = points.map { Double($0.step) }
        m.element("h2", text: "Held-out entries: memorization and grokking")
        m.element(
            "p", [("class", "held-out-statement")],
            text: "This run is " + statement + " \(held.trainEntries) entries were trained on and "
                + "\(held.testEntries) held out; both are measured "
                + (held.evalEvery > 0 ? "every \(held.evalEvery) steps." : "only at the end."))
        table(&m, held)
        m.element("div", [("class", "charts")]) { m in
            let marks = markers(held)
            m.raw(
                LineChart(
                    title: "\(run.config.task): accuracy against step (log scale)", xLabel: "step (log scale)",
                    yLabel: "accuracy",
                    series: [
                        .init(name: "train", points: Array(zip(steps, points.map(\.result.trainAccuracy)))),
                        .init(name: "held out", points: Array(zip(steps, points.map(\.result.testAccuracy)))),
                    ], yDomain: 0...1,
                    reference: (held.threshold, String(format: "threshold %g", held.threshold)), markers: marks,
                    xLog: true
                ).render())
            m.raw(
                LineChart(
                    title: "\(run.config.task): loss against step (log scales)", xLabel: "step (log scale)",
                    yLabel: "cross-entropy (log scale)",
                    series: [
                        .init(name: "train", points: Array(zip(steps, points.map(\.result.trainLoss)))),
                        .init(name: "held out", points: Array(zip(steps, points.map(\.result.testLoss)))),
                    ], markers: marks, xLog: true, yLog: true
                ).render())
            m.raw(
                LineChart(
                    title: "\(run.config.task): weight norm against step", xLabel: "step (log scale)",
                    yLabel: "‖θ‖",
                    series: [.init(name: "weight norm", points: Array(zip(steps, points.map(\.result.weightNorm))))],
                    markers: marks, xLog: true
                ).render())
            let gini = points.compactMap { p in p.result.fourierGini.map { (Double(p.step), $0) } }
            if !gini.isEmpty {
                m.raw(
                    LineChart(
                        title: "\(run.config.task): Fourier Gini coefficient against step",
                        xLabel: "step (log scale)", yLabel: "Gini of the norm per frequency",
                        series: [.init(name: "Gini", points: gini)], yDomain: 0...1, markers: marks, xLog: true
                    ).render())
            }
            if let norms = held.fourierNorms, !norms.isEmpty { m.raw(spectrum(run.config.task, held, norms)) }
        }
    }

    /// The measures in a table: when memorization and grokking came, the final accuracies, losses and
    /// weight norm, and the Fourier spectrum's key frequencies and concentration at the end.
    static func table(_ m: inout Markup, _ held: HeldOutSummary) {
        let f = held.final
        let rows: [(String, String)] = [
            ("memorization step", held.memorizationStep.map { "\($0) (train accuracy ≥ \(held.threshold))" } ?? "–"),
            (
                "grokking step",
                held.grokkingStep.map { "\($0) (held-out accuracy ≥ \(held.threshold))" } ?? "– (not reached)"
            ),
            ("grokking / memorization", number(held.delayRatio, "%.2f×")),
            ("final accuracy: train / held out", "\(number(f.trainAccuracy)) / \(number(f.testAccuracy))"),
            ("final loss: train / held out", "\(number(f.trainLoss, "%.4g")) / \(number(f.testLoss, "%.4g"))"),
            ("final weight norm", number(f.weightNorm, "%.4g")),
            (
                "key frequencies at the end",
                f.keyFrequencies.map { $0.isEmpty ? "none" : $0.map(String.init).joined(separator: ", ") } ?? "–"
            ),
            ("their share of the embedding's squared norm", number(held.keyShare, "%.3f")),
            ("Fourier Gini coefficient at the end", number(f.fourierGini, "%.3f")),
            ("entries: trained on / held out", "\(held.trainEntries) / \(held.testEntries)"),
            ("stopped when grokked", held.stoppedWhenGrokked ? "yes" : "no"),
        ]
        m.element("table", [("class", "held-out")]) { m in
            for (k, v) in rows {
                m.element("tr") { m in
                    m.element("th", [("class", "name")], text: k)
                    m.element("td", [("class", "name")], text: v)
                }
            }
        }
    }

    /// The norm each frequency 1 … ⌊p/2⌋ holds in the final token embedding, the key ones apart.
    static func spectrum(_ task: String, _ held: HeldOutSummary, _ norms: [Double]) -> String {
        let keys = Set(held.final.keyFrequencies ?? [])
        let all = norms.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }
        return LineChart(
            title: "\(task): embedding norm per Fourier frequency (end)", xLabel: "frequency k",
            yLabel: "norm",
            series: [
                .init(name: "frequency", points: all.filter { !keys.contains(Int($0.x)) }, bars: true),
                .init(name: "key frequency", points: all.filter { keys.contains(Int($0.x)) }, bars: true),
            ], yDomain: 0...Swift.max(norms.max() ?? 1, 1e-9)
        ).render()
    }

    /// A sweep's table runs: per task, the grokking step of every run with the settings that set the runs
    /// apart as columns, and their held-out accuracy against a log-scaled step axis.
    static func sweep(_ m: inout Markup, _ source: ReportSource) {
        let tasks = source.tasks.filter { task in source.runs.contains { $0.task == task && $0.heldOutEntries } }
        guard !tasks.isEmpty else { return }
        m.element("h2", text: "Table tasks: time to grok")
        m.element(
            "p", [("class", "held-out-statement")],
            text: "A table task is " + statement.replacingOccurrences(of: "the page shows", with: "this section shows")
                + " Each row is one run: the first logged step with train accuracy at the threshold (memorized) and "
                + "with held-out accuracy at it (grokked); – where it never got there.")
        for task in tasks {
            let runs = source.runs.filter { $0.task == task && $0.heldOut != nil }
            let configurations = runs.map(\.configuration)
            let names = Set(configurations.flatMap(\.keys)).filter { name in
                Set(configurations.map { $0[name] ?? "" }).count > 1
            }.sorted()
            let machines = Set(runs.map(\.model)).count > 1
            m.element("h3", text: task)
            m.element("table", [("class", "grokking"), ("data-task", task)]) { m in
                m.element("tr") { m in
                    m.element("th", [("class", "name")], text: "run")
                    if machines { m.element("th", [("class", "name")], text: "machine") }
                    for name in names { m.element("th", text: name) }
                    for h in ["seed", "memorized", "grokked", "ratio", "train acc.", "held-out acc.", "weight norm"] {
                        m.element("th", text: h)
                    }
                }
                for (run, configuration) in zip(runs, configurations) {
                    guard let held = run.heldOut else { continue }
                    m.element("tr", [("data-grokking-step", held.grokkingStep.map(String.init) ?? "")]) { m in
                        m.element("td", [("class", "name")], text: run.id)
                        if machines { m.element("td", [("class", "name")], text: run.model) }
                        for name in names { m.element("td", text: configuration[name] ?? "") }
                        m.element("td", text: String(run.config.seed))
                        m.element("td", text: held.memorizationStep.map(String.init) ?? "–")
                        m.element("td", text: held.grokkingStep.map(String.init) ?? "–")
                        m.element("td", text: number(held.delayRatio, "%.2f"))
                        m.element("td", text: number(held.final.trainAccuracy, "%.3f"))
                        m.element("td", text: number(held.final.testAccuracy, "%.3f"))
                        m.element("td", text: number(held.final.weightNorm, "%.4g"))
                    }
                }
            }
            // One line per run, as many as the palette tells apart.
            let shown = runs.prefix(LineChart.colors.count)
            let series = shown.map { run in
                // A setting another machine has and this one lacks says nothing about this run's line.
                let settings = names.compactMap { name in run.configuration[name].map { "\(name)=\($0)" } }
                let label = (machines ? [run.model] : []) + settings + ["seed \(run.config.seed)"]
                return LineChart.Series(
                    name: label.joined(separator: " "),
                    points: curve(run).map { (Double($0.step), $0.result.testAccuracy) })
            }
            m.element("div", [("class", "charts")]) { m in
                m.raw(
                    LineChart(
                        title: "\(task): held-out accuracy against step (log scale)"
                            + (runs.count > shown.count ? ", the first \(shown.count) runs" : ""),
                        xLabel: "step (log scale)", yLabel: "held-out accuracy", series: Array(series), yDomain: 0...1,
                        xLog: true
                    ).render())
            }
        }
    }
}
