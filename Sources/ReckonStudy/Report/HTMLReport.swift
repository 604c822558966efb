import Foundation
import ReckonLab
import ReckonTasks

/// `reckon report`: one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched)
/// with the header, the score heatmap, the published comparison, the best of N seeds with scaled
/// accuracy, accuracy against length per task, table tasks' time to grok, training curves and failures; for
/// one run, its accuracy and loss curves and summary (a table run: its held-out measures, `HeldOutReport`).
public struct HTMLReport: Sendable {
    public var source: ReportSource
    public var published: PublishedTable?
    /// When the report was written (printed in the header).
    public var date: Date

    /// Inspection pages of each cell's best run, by `Heatmap.key(task, model)`, relative to the page.
    public var inspections: [String: String]

    public init(
        source: ReportSource, published: PublishedTable? = nil, date: Date = Date(), inspections: [String: String] = [:]
    ) {
        self.source = source
        self.published = published
        self.date = date
        self.inspections = inspections
    }

    /// The page's stylesheet. Its default ink for SVG text skips text with its own `fill` attribute, which a
    /// plain `svg text{fill:...}` would outrank (a heatmap cell's label once drew #111 on the darkest cells).
    static let style = """
        body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px
        auto;max-width:1100px;color:#111;padding:0 16px}
        h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:36px;border-bottom:1px solid
        #ccc;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 4px}table{border-collapse:collapse;font-size:13px}
        td,th{border:1px solid #ccc;padding:4px
        8px;text-align:right}th{background:#f2f2f2}td.name,th.name{text-align:left}
        .meta{color:#333;font-size:13px;line-height:1.6}.meta b{color:#000}
        svg text{font-size:12px}svg text:not([fill]){fill:#111}.chart-title{font-weight:600;font-size:13px}
        .grid{stroke:#e4e4e4;stroke-width:1}.axis{stroke:#444;stroke-width:1}.shade{fill:#000;fill-opacity:0.07}
        .reference{stroke:#666;stroke-width:1.4;stroke-dasharray:5 4}.note,.tick,.legend{font-size:11px}
        .label{font-size:12px}.heatmap .score{font-size:14px;font-weight:700}.heatmap .median{font-size:10.5px}
        .heatmap .group{font-weight:700;font-size:13px}.heatmap .column{font-weight:600}
        .heatmap .cell:focus rect{stroke:#d55e00;stroke-width:4}.heatmap .cell:hover rect{stroke:#d55e00;stroke-width:3}
        .differs{background:#fde2cf;font-weight:700}.charts{display:flex;flex-wrap:wrap;gap:8px}
        .fail{color:#900;font-family:monospace;font-size:12px;text-align:left}
        .held-out-statement{font-weight:600}
        """

    /// The page.
    public func render() -> String {
        return Markup.page(title: "Reckon report: \(source.title)", style: Self.style) { m in
            header(&m)
            if source.kind == .run, let run = source.runs.first { single(&m, run) } else { sweep(&m) }
        }
    }

    private func header(_ m: inout Markup) {
        let runs = source.runs
        let finished = runs.filter { $0.state == .finished }.count
        let failed = runs.filter { $0.state == .failed }.count
        let seconds = runs.compactMap(\.summary).reduce(0) { $0 + $1.trainSeconds + ($1.evalSeconds ?? 0) }
        let versions = Set(runs.compactMap { $0.summary?.reckonVersion }).sorted()
        let kernels = Set(runs.compactMap { $0.summary?.blas.map { "\($0.library) \($0.version) \($0.kernel)" } })
            .sorted()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        m.element("h1", text: source.kind == .sweep ? "Sweep \(source.title)" : "Reckon report: \(source.title)")
        m.element("div", [("class", "meta")]) { m in
            func item(_ key: String, _ value: String) {
                m.element("b", text: key + ": ")
                m.add(value)
                m.empty("br")
            }
            item("protocol", source.protocolName)
            item(
                "runs",
                "\(runs.count) (\(finished) finished, \(failed) failed, \(runs.count - finished - failed) not finished)"
            )
            item("run time", Progress.duration(seconds) + " of training and evaluation, summed over runs")
            item("Reckon", versions.isEmpty ? ReckonVersion.string : versions.joined(separator: ", "))
            item("BLAS", kernels.isEmpty ? "not recorded" : kernels.joined(separator: "; "))
            item("written", formatter.string(from: date))
        }
    }

    private func sweep(_ m: inout Markup) {
        let table =
            (try? ResultsTable.build(source.runs, aggregate: .max, filters: []))
            ?? ResultsTable(aggregate: .max, tasks: [], models: [], cells: [], filters: [])
        m.element("h2", text: "Score per task and machine")
        m.element(
            "p",
            text: "Score = mean accuracy on the lengths after the training range. Each cell: the best run, the median "
                + "of its runs under it; colors run from the task's random baseline (light) to 1.0 (dark); a thick "
                + "outline and ✓ "
                + "mark a solved task (≥ 0.9). Hover or focus a cell for every run's score."
                + (inspections.isEmpty ? "" : " Click a cell for an inspection of its best run (`reckon inspect`).")
                + (source.runs.contains(where: \.heldOutEntries)
                    ? " Table tasks have no length axis: their score is the accuracy on the held-out entries." : ""))
        m.raw(Heatmap(table: table, links: inspections).render())
        if let published { comparison(&m, table, published) }
        bestOfSeeds(&m)
        // A table task's runs have no length axis (`HeldOutReport.sweep` shows them instead).
        let lengthTasks = source.tasks.filter { task in !source.runs.contains { $0.task == task && $0.heldOutEntries } }
        if !lengthTasks.isEmpty {
            lengthCharts(&m, lengthTasks)
        }
        HeldOutReport.sweep(&m, source)
        PredictionReport.sweep(&m, source)
        m.element("h2", text: "Training curves")
        m.element("p", text: "Training loss of each machine's best run, as logged.")
        m.element("div", [("class", "charts")]) { m in
            for task in source.tasks {
                m.raw(lossChart(task, runs: source.models.compactMap { source.best(task, $0) }))
            }
        }
        failures(&m)
    }

    private func lengthCharts(_ m: inout Markup, _ tasks: [String]) {
        m.element("h2", text: "Accuracy against length")
        m.element(
            "p",
            text:
                "The best run of each machine; the shaded band is the training range, the dashed line the random "
                + "baseline."
        )
        m.element("div", [("class", "charts")]) { m in
            for task in tasks {
                m.raw(accuracyChart(task))
                // Beside accuracy, for machines whose depth adapts: how much computation each length got.
                if let chart = stepsChart(task, runs: source.models.compactMap { source.best(task, $0) }) {
                    m.raw(chart)
                }
            }
        }
    }

    private func comparison(_ m: inout Markup, _ table: ResultsTable, _ published: PublishedTable) {
        m.element("h2", text: "Against the published table")
        m.element(
            "p",
            text: "Ours is the best run's score; Δ = ours − published. Highlighted: the solved/not solved verdict "
                + "(≥ \(published.solvedThreshold)) differs. Cells the paper does not state verifiably are left empty.")
        m.element("table", [("class", "compare")]) { m in
            m.element("tr") { m in
                m.element("th", [("class", "name")], text: "task")
                for model in table.models { m.element("th", text: model) }
            }
            for task in table.tasks {
                m.element("tr") { m in
                    m.element("td", [("class", "name")], text: task)
                    for model in table.models {
                        let ours = table.cell(task, model)?.max
                        guard let theirs = published.cell(task, model) else {
                            m.element("td", text: ours.map { String(format: "%.3f", $0) } ?? "")
                            continue
                        }
                        guard let ours else {
                            m.element("td", [("title", theirs.source)], text: String(format: "– / %.3f", theirs.score))
                            continue
                        }
                        let differs = (ours >= published.solvedThreshold) != (theirs.score >= published.solvedThreshold)
                        var attributes = [("title", "published: \(theirs.source)")]
                        if differs { attributes.append(("class", "differs")) }
                        m.element(
                            "td", attributes,
                            text: String(format: "%.3f / %.3f (Δ %+.3f)", ours, theirs.score, ours - theirs.score)
                                + (differs ? " ≠" : ""))
                    }
                }
            }
        }
        m.element("p", text: "Cells: ours / published (Δ). ≠ marks a different verdict. Source: \(published.citation).")
    }

    /// Score and scaled accuracy side by side, the best of each configuration's seeds (Grazzi et al.
    /// 2025's way of reporting; `ResultsTable.Aggregate.best`).
    private func bestOfSeeds(_ m: inout Markup) {
        guard let table = try? ResultsTable.build(source.runs, aggregate: .best, filters: []), !table.cells.isEmpty
        else { return }
        m.element("h2", text: "Best of N seeds: score and scaled accuracy")
        m.element(
            "p",
            text: "Runs that differ only by seed form a column (the machine and the settings that set it apart). "
                + "Each cell: the best seed's score / its scaled accuracy, (score − random) / (1 − random) clipped "
                + "at 0 (Grazzi et al. 2025), and N, the seeds finished; – where the task has no chance level.")
        m.element("table", [("class", "best-of-seeds")]) { m in
            m.element("tr") { m in
                m.element("th", [("class", "name")], text: "task")
                m.element("th", text: "random")
                for model in table.models { m.element("th", text: model) }
            }
            for task in table.tasks {
                m.element("tr") { m in
                    m.element("td", [("class", "name")], text: task)
                    let baseline = table.cells.first { $0.task == task }?.randomBaseline
                    m.element("td", text: baseline.map { String(format: "%.3f", $0) } ?? "–")
                    for model in table.models {
                        guard let c = table.cell(task, model) else {
                            m.element("td", text: "")
                            continue
                        }
                        let score = c.value(.best).map { String(format: "%.3f", $0) } ?? "–"
                        let scaled = c.scaledValue(.best).map { String(format: "%.3f", $0) } ?? "–"
                        m.element(
                            "td",
                            [("data-task", task), ("data-model", model), ("data-scaled", scaled)],
                            text: "\(score) / \(scaled) (\(c.runs))" + (c.failed > 0 ? " \(c.failed) failed" : ""))
                    }
                }
            }
        }
    }

    private func accuracyChart(_ task: String) -> String {
        let best = source.models.compactMap { source.best(task, $0) }
        let series = best.map { run in
            LineChart.Series(
                name: "\(run.config.model) (\(String(format: "%.3f", run.score ?? 0)))",
                points: run.evaluation.map { (Double($0.length), $0.accuracy) })
        }
        let trainLength = best.first?.config.trainLength ?? 0
        let baseline = best.first?.randomBaseline ?? ResultsTable.baseline(task) ?? 0
        return LineChart(
            title: "\(task): accuracy against length", xLabel: "input length", yLabel: "accuracy", series: series,
            yDomain: 0...1,
            shaded: trainLength > 0 ? (0.5...(Double(trainLength) + 0.5), "trained on 1–\(trainLength)") : nil,
            reference: (baseline, String(format: "random %.3f", baseline))
        ).render()
    }

    /// Computation steps used against length (ACT's mean ponder, a looped model's iterations), for
    /// the runs that recorded them; nil when none did.
    private func stepsChart(_ task: String, runs: [ReportRun]) -> String? {
        let series = runs.compactMap { run -> LineChart.Series? in
            let points = run.evaluation.compactMap { r in r.stepsUsed.map { (Double(r.length), $0) } }
            return points.isEmpty ? nil : LineChart.Series(name: run.config.model, points: points)
        }
        guard !series.isEmpty else { return nil }
        let top = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite).max() ?? 1
        let trainLength = runs.first?.config.trainLength ?? 0
        return LineChart(
            title: "\(task): computation steps used against length", xLabel: "input length",
            yLabel: "steps used", series: series, yDomain: 0...Swift.max(top, 1),
            shaded: trainLength > 0 ? (0.5...(Double(trainLength) + 0.5), "trained on 1–\(trainLength)") : nil
        ).render()
    }

    private func lossChart(_ title: String, runs: [ReportRun]) -> String {
        let series = runs.map { run in
            LineChart.Series(
                name: run.config.model,
                points: run.metrics.filter { $0.loss.isFinite }.map { (Double($0.step), $0.loss) })
        }
        let top = series.flatMap { $0.points.map(\.y) }.max() ?? 1
        return LineChart(
            title: "\(title): training loss", xLabel: "step", yLabel: "loss", series: series,
            yDomain: 0...Swift.max(top, 1e-6)
        ).render()
    }

    private func failures(_ m: inout Markup) {
        let failed = source.runs.filter { $0.state == .failed }
        m.element("h2", text: "Failures")
        if failed.isEmpty {
            m.element("p", text: "No run failed.")
            return
        }
        m.element("table") { m in
            m.element("tr") { m in for h in ["run", "error"] { m.element("th", [("class", "name")], text: h) } }
            for r in failed {
                m.element("tr") { m in
                    m.element("td", [("class", "name")], text: r.id)
                    m.element("td", [("class", "fail")], text: r.error ?? "?")
                }
            }
        }
    }

    private func single(_ m: inout Markup, _ run: ReportRun) {
        m.element("h2", text: "Summary")
        m.element("table") { m in
            var rows: [(String, String)] = [
                ("task", run.config.task), ("model", run.config.model), ("seed", String(run.config.seed)),
                ("state", run.state.rawValue),
            ]
            if let s = run.summary {
                let held = s.heldOut
                rows += [
                    (
                        "score",
                        held.map {
                            String(
                                format: "%.4f (accuracy on the %d held-out entries)", s.score ?? .nan, $0.testEntries)
                        }
                            ?? String(
                                format: "%.4f (lengths %d–%d)", s.score ?? .nan, s.trainLength + 1, s.evalMaxLength)
                    ),
                    (
                        "scaled accuracy",
                        run.scaledScore.map {
                            String(format: "%.4f ((score − random) / (1 − random), clipped at 0)", $0)
                        } ?? (s.score == nil ? "–" : "– (the task has no chance level)")
                    ),
                    (
                        held == nil ? "accuracy on training lengths" : "accuracy on training entries",
                        String(format: "%.4f", s.trainLengthAccuracy ?? .nan)
                    ),
                    ("random guess", String(format: "%.4f", s.randomGuessAccuracy)),
                    ("steps", "\(s.steps)" + (s.stepsPerSecond.map { String(format: " at %.1f steps/s", $0) } ?? "")),
                    (
                        "training / evaluation",
                        "\(Progress.duration(s.trainSeconds)) / \(Progress.duration(s.evalSeconds ?? .nan))"
                    ),
                    ("parameters", String(s.parameterCount)), ("protocol", s.protocolName),
                ]
                if let used = s.stepsUsed {
                    rows.append(
                        (
                            "computation steps used",
                            String(
                                format: "%.2f on unseen lengths, %.2f on training lengths", used,
                                s.trainLengthStepsUsed ?? .nan)
                        ))
                }
            }
            if run.external {
                rows.append(
                    (
                        "scored from",
                        "predictions made outside Reckon (`reckon score`), " + (run.summary?.protocolName ?? "")
                    ))
            }
            if let e = run.error { rows.append(("error", e)) }
            let settings = run.config.machineSettings.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
            rows.append(("settings", settings))
            for (k, v) in rows {
                m.element("tr") { m in
                    m.element("th", [("class", "name")], text: k)
                    m.element("td", [("class", "name")], text: v)
                }
            }
        }
        if let held = run.heldOut {
            HeldOutReport.single(&m, run, held)
        } else {
            m.element("h2", text: "Accuracy against length")
            m.raw(accuracyChart(run.config.task))
        }
        PredictionReport.single(&m, run)
        if let chart = stepsChart(run.config.task, runs: [run]) {
            m.element("h2", text: "Computation against length")
            m.raw(chart)
        }
        m.element("h2", text: "Training curve")
        m.raw(lossChart(run.config.task, runs: [run]))
    }
}
