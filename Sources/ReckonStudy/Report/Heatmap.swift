import ReckonTasks

/// The score heatmap: tasks grouped by Chomsky level (rows) × machines (columns). Each cell
/// prints the best score and the median under it, is colored on a fixed scale from the task's
/// random baseline to 1.0, carries a thick outline when solved (≥ the threshold), and names every
/// run's score in its `<title>` (shown on hover or keyboard focus, without JavaScript).
public struct Heatmap: Sendable {
    public var tasks: [String]
    public var models: [String]
    public var cells: [ResultsTable.Cell]
    public var solvedThreshold: Double

    /// A cell with no finished run: light gray, its text a darker gray (contrast 6.4, above WCAG's 4.5).
    static let noRunFill = "#eeeeee", noRunInk = "#555555"

    /// Where a cell links to (an inspection of its best run), by `Heatmap.key(task, model)`.
    public var links: [String: String]

    public init(table: ResultsTable, solvedThreshold: Double = 0.9, links: [String: String] = [:]) {
        tasks = table.tasks
        models = table.models
        cells = table.cells
        self.solvedThreshold = solvedThreshold
        self.links = links
    }

    /// The key of a cell in `links`.
    public static func key(_ task: String, _ model: String) -> String { task + "\u{1F}" + model }

    public func render() -> String {
        let labelWidth = 210.0
        let cellWidth = 112.0
        let cellHeight = 44.0
        let header = 54.0
        let groupGap = 24.0
        let levels = TaskLevel.allCases.filter { level in
            tasks.contains { (try? TaskCatalog.task(named: $0))?.level == level }
        }
        let grouped: [(String, [String])] =
            levels.map { level in
                (level.displayName, tasks.filter { (try? TaskCatalog.task(named: $0))?.level == level })
            } + [("other", tasks.filter { (try? TaskCatalog.task(named: $0)) == nil })].filter { !$0.1.isEmpty }
        let height = header + Double(tasks.count) * cellHeight + Double(grouped.count) * groupGap + 70
        let width = labelWidth + Double(models.count) * cellWidth + 20
        var m = Markup()
        m.element(
            "svg",
            [
                ("viewBox", "0 0 \(svg(width)) \(svg(height))"), ("width", svg(width)), ("height", svg(height)),
                ("role", "img"), ("aria-label", "score heatmap"), ("class", "heatmap"),
            ]
        ) { m in
            m.element("title", text: "Score per task and machine: best run (median below); hover a cell for every run")
            for (j, model) in models.enumerated() {
                m.element(
                    "text",
                    [
                        ("x", svg(labelWidth + (Double(j) + 0.5) * cellWidth)), ("y", svg(header - 12)),
                        ("text-anchor", "middle"), ("class", "column"),
                    ], text: model)
            }
            var y = header
            for (levelName, levelTasks) in grouped {
                m.element("text", [("x", "4"), ("y", svg(y + 16)), ("class", "group")], text: levelName)
                y += groupGap
                for task in levelTasks {
                    m.element("text", [("x", "12"), ("y", svg(y + cellHeight / 2 + 5)), ("class", "row")], text: task)
                    for (j, model) in models.enumerated() {
                        let x = labelWidth + Double(j) * cellWidth
                        guard let c = cells.first(where: { $0.task == task && $0.model == model }) else { continue }
                        if let href = links[Self.key(task, model)] {
                            m.element("a", [("href", href)]) { m in
                                cell(&m, c, x: x, y: y, width: cellWidth, height: cellHeight)
                            }
                        } else {
                            cell(&m, c, x: x, y: y, width: cellWidth, height: cellHeight)
                        }
                    }
                    y += cellHeight
                }
            }
            legend(&m, x: labelWidth, y: y + 16, width: Swift.min(360, Double(models.count) * cellWidth))
        }
        return m.text
    }

    private func cell(_ m: inout Markup, _ c: ResultsTable.Cell, x: Double, y: Double, width: Double, height: Double) {
        let baseline = c.randomBaseline ?? 0
        let best = c.max
        let fill = best.map { ColorScale.color($0, baseline: baseline) } ?? Self.noRunFill
        let ink = best == nil ? Self.noRunInk : ColorScale.textColor(on: fill)
        let solved = (best ?? 0) >= solvedThreshold
        let runs = c.scores.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        let tooltip =
            "\(c.task) × \(c.model): " + (c.scores.isEmpty ? "no finished run" : "\(c.runs) run(s): \(runs)")
            + (c.failed > 0 ? "; \(c.failed) failed" : "") + String(format: "; random baseline %.3f", baseline)
            + (c.scaledValue(.max).map { String(format: "; best scaled accuracy %.3f", $0) } ?? "")
            + (solved ? "; solved (≥ \(solvedThreshold))" : "")
        m.element(
            "g",
            [
                ("class", solved ? "cell solved" : "cell"), ("tabindex", "0"),
                ("data-task", c.task), ("data-model", c.model),
                ("data-score", best.map { String(format: "%.6f", $0) } ?? ""),
            ]
        ) { m in
            m.element("title", text: tooltip)
            m.empty(
                "rect",
                [
                    ("x", svg(x + 2)), ("y", svg(y + 2)), ("width", svg(width - 4)), ("height", svg(height - 4)),
                    ("fill", fill), ("stroke", solved ? "#000000" : "#ffffff"), ("stroke-width", solved ? "3" : "1"),
                ])
            m.element(
                "text",
                [
                    ("x", svg(x + width / 2)), ("y", svg(y + height / 2)), ("text-anchor", "middle"),
                    ("class", "score"),
                ] + ColorScale.inkAttributes(ink), text: best.map { String(format: "%.3f", $0) } ?? "–")
            let under = c.median.map { String(format: "median %.3f", $0) } ?? (c.failed > 0 ? "\(c.failed) failed" : "")
            m.element(
                "text",
                [
                    ("x", svg(x + width / 2)), ("y", svg(y + height / 2 + 14)), ("text-anchor", "middle"),
                    ("class", "median"),
                ] + ColorScale.inkAttributes(ink), text: under + (solved ? " ✓" : ""))
        }
    }

    /// The color scale from the baseline to 1.0 with the solved threshold marked.
    private func legend(_ m: inout Markup, x: Double, y: Double, width: Double) {
        let steps = 24
        for i in 0..<steps {
            let t = Double(i) / Double(steps - 1)
            m.empty(
                "rect",
                [
                    ("x", svg(x + Double(i) * width / Double(steps))), ("y", svg(y)),
                    ("width", svg(width / Double(steps) + 0.5)),
                    ("height", "12"), ("fill", ColorScale.color(t, baseline: 0)),
                ])
        }
        m.element("text", [("x", svg(x)), ("y", svg(y + 26)), ("class", "tick")], text: "random baseline")
        m.element(
            "text", [("x", svg(x + width)), ("y", svg(y + 26)), ("class", "tick"), ("text-anchor", "end")], text: "1.0")
        // Where 0.9 sits depends on the task's baseline; marked here for a baseline of 0.5 (binary
        // tasks). In the cells a thick outline and ✓ mark it whatever the baseline.
        let t = ColorScale.position(solvedThreshold, baseline: 0.5)
        m.empty(
            "line",
            [
                ("x1", svg(x + t * width)), ("x2", svg(x + t * width)), ("y1", svg(y - 4)), ("y2", svg(y + 16)),
                ("stroke", "#000000"), ("stroke-width", "2"),
            ])
        m.element(
            "text", [("x", svg(x + t * width)), ("y", svg(y - 7)), ("class", "tick"), ("text-anchor", "middle")],
            text: "\(solvedThreshold) solved")
    }
}
