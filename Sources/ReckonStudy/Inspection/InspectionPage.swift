import Foundation
import ReckonLab
import ReckonMachines

/// `reckon inspect`'s page: one self-contained HTML file in the reports' style (inline CSS and
/// SVG, no scripts). Per sample: the tape, the answer against the target with its confidence,
/// then every series the machine traced, step by step (stack and tape actions, memory
/// weightings, attention maps per layer and head, ponder steps); across samples, the hidden
/// states on their first two principal components, coloured by the task's true state.
public struct InspectionPage: Sendable {
    public var inspection: Inspection

    public init(_ inspection: Inspection) { self.inspection = inspection }

    static let style =
        HTMLReport.style + """
            .tape{overflow-x:auto;margin:6px 0}.tape td{text-align:center;font-family:monospace;padding:2px 5px}
            .tape th{text-align:left}.right{background:#d9f0d3}.wrong{background:#fbd5d5}
            .trace-heatmap .value{font-size:9.5px}.sample{margin-top:28px}
            """

    public func render() -> String {
        let i = inspection
        return Markup.page(title: "Reckon inspection: \(i.task) × \(i.model)", style: Self.style) { m in
            m.element("h1", text: "Inspection: \(i.model) on \(i.task)")
            m.element("p", [("class", "meta")]) { m in
                m.add("Run ")
                m.element("b", text: i.run)
                m.add(" at step \(i.step)")
                if let score = i.score { m.add(String(format: ", score %.3f", score)) }
                m.add(". Inputs: \(i.inputs). ")
                let right = i.samples.filter(\.isCorrect).count
                m.add("Answered right: \(right) of \(i.samples.count).")
            }
            if !i.omitted.isEmpty {
                m.element(
                    "p", [("class", "meta")],
                    text: "Traces left out to stay within \(MachineInspector.tracedNumbers) numbers: "
                        + i.omitted.joined(separator: "; ") + ".")
            }
            overview(&m)
            projection(&m)
            parts(&m)
            var budget = Self.maxCells
            for (n, sample) in i.samples.enumerated() { self.sample(&m, sample, index: n, budget: &budget) }
        }
    }

    private func overview(_ m: inout Markup) {
        guard inspection.samples.count > 1 else { return }
        m.element("h2", text: "Samples")
        m.element("table") { m in
            m.element("tr") { m in
                for h in ["#", "input", "target", "prediction", "lowest confidence"] {
                    m.element("th", [("class", h == "#" ? "" : "name")], text: h)
                }
            }
            for (n, s) in inspection.samples.enumerated() {
                m.element("tr", [("class", s.isCorrect ? "right" : "wrong")]) { m in
                    m.element("td") { m in m.element("a", [("href", "#sample-\(n + 1)")], text: "\(n + 1)") }
                    m.element("td", [("class", "name")], text: Self.shortened(s.input))
                    m.element("td", [("class", "name")], text: Self.shortened(s.target))
                    m.element("td", [("class", "name")], text: Self.shortened(s.prediction))
                    let lowest = s.confidence.compactMap { $0 }.min()
                    m.element("td", text: lowest.map { String(format: "%.3f", $0) } ?? "–")
                }
            }
        }
    }

    static func shortened(_ symbols: [String]) -> String {
        let separator = symbols.allSatisfy { $0.count == 1 } ? "" : " "
        let text = symbols.prefix(60).joined(separator: separator)
        return symbols.count > 60 ? text + "… (\(symbols.count))" : text
    }

    private func projection(_ m: inout Markup) {
        guard let p = inspection.projection else { return }
        m.element("h2", text: "Hidden states")
        let states = inspection.samples.compactMap(\.trueStates)
        m.element(
            "p", [("class", "meta")],
            text: "Every sample's state after each tape step, projected on the states' first two principal "
                + "components; a line joins one sample's steps."
                + (states.count == inspection.samples.count
                    ? " Colour: the task automaton's state after that input step (grey past the input)." : ""))
        m.raw(
            StateScatter(
                title: "hidden states, first two principal components", points: p.points,
                states: states.count == inspection.samples.count ? states : nil,
                stateNames: inspection.trueStateNames ?? [], explained: p.explained
            ).render())
    }

    /// Each weighting's mean per part of the tape, over all samples.
    private func parts(_ m: inout Markup) {
        let names = inspection.samples.first?.series.filter { $0.kind == .weights }.map(\.name) ?? []
        guard !names.isEmpty else { return }
        m.element("h2", text: "Means by part of the tape")
        m.element(
            "p", [("class", "meta")],
            text: "Each row's mean over all samples' input steps, computation steps and answer steps. "
                + "An action is recorded at the step whose state chose it; it shapes what the next step reads.")
        for name in names {
            let rows = inspection.meanByPart(of: name)
            m.element("h3", text: name)
            m.element("table", [("class", "parts"), ("data-series", name)]) { m in
                m.element("tr") { m in
                    for h in ["", "input steps", "computation steps", "answer steps"] {
                        m.element("th", [("class", h.isEmpty ? "name" : "")], text: h)
                    }
                }
                for row in rows {
                    m.element("tr") { m in
                        m.element("td", [("class", "name")], text: row.label)
                        for v in [row.input, row.computation, row.answer] {
                            m.element("td", text: v.map { String(format: "%.3f", $0) } ?? "–")
                        }
                    }
                }
            }
        }
    }

    /// Heatmap cells drawn on one page at most (each is an element with its own title, about 200
    /// bytes): 64 samples of a 5-layer, 8-head transformer at length 100 once made a 426 MB page.
    public static let maxCells = 150_000

    /// `heatmap` rendered if its cells fit in what is left of `budget`, else a line saying it is in --json.
    private func draw(_ heatmap: TraceHeatmap, budget: inout Int) -> String {
        let cells = heatmap.rowLabels.count * heatmap.columnLabels.count
        guard heatmap.drawable, cells <= budget else {
            return heatmap.omitted(because: "past what one page draws (\(Self.maxCells) cells)")
        }
        budget -= cells
        return heatmap.render()
    }

    private func sample(_ m: inout Markup, _ s: InspectedSample, index n: Int, budget: inout Int) {
        m.element("div", [("class", "sample"), ("id", "sample-\(n + 1)")]) { m in
            m.element(
                "h2",
                text: "Sample \(n + 1): " + (s.isCorrect ? "right" : "wrong")
                    + (s.stepsUsed.map { String(format: ", %.2f computation steps on average", $0) } ?? ""))
            tape(&m, s)
            let columns = s.tape.indices.map { s.tape[$0] }
            for series in s.series {
                switch series.kind {
                case .state: continue
                case .weights, .values:
                    let steps = series.values.count
                    let values = series.labels.indices.map { k -> [Double?] in
                        (0..<s.tape.count).map { t in
                            let i = t - series.firstStep
                            return i >= 0 && i < steps && k < series.values[i].count ? Double(series.values[i][k]) : nil
                        }
                    }
                    m.raw(
                        draw(
                            TraceHeatmap(
                                title: series.name, rowLabels: series.labels, columnLabels: columns, values: values,
                                scale: series.kind == .weights ? .unit : .diverging, highlightFrom: s.answerStart
                            ), budget: &budget))
                case .count:
                    let values = [
                        (0..<s.tape.count).map { t -> Double? in
                            let i = t - series.firstStep
                            return i >= 0 && i < series.values.count ? Double(series.values[i][0]) : nil
                        }
                    ]
                    m.raw(
                        draw(
                            TraceHeatmap(
                                title: series.name, rowLabels: [series.name], columnLabels: columns, values: values,
                                scale: .diverging, highlightFrom: s.answerStart
                            ), budget: &budget))
                case .attention:
                    guard let size = series.size else { continue }
                    let (q, k) = (size[0], size[1])
                    let queryLabels = q == columns.count ? columns : (0..<q).map { "\($0)" }
                    let keyLabels = k == columns.count ? columns : (0..<k).map { "\($0)" }
                    m.element("h3", text: series.name)
                    m.element("div", [("class", "charts")]) { m in
                        for (h, head) in series.values.enumerated() {
                            let rows = (0..<q).map { r in (0..<k).map { c -> Double? in Double(head[r * k + c]) } }
                            m.raw(
                                draw(
                                    TraceHeatmap(
                                        title: "\(series.labels[h]) (rows: queries, columns: keys)",
                                        rowLabels: queryLabels, columnLabels: keyLabels, values: rows, scale: .unit
                                    ), budget: &budget))
                        }
                    }
                }
            }
        }
    }

    /// The tape as a table: what each step holds, and at the answer positions the target, the
    /// prediction and its confidence.
    private func tape(_ m: inout Markup, _ s: InspectedSample) {
        m.element("div", [("class", "tape")]) { m in
            m.element("table") { m in
                m.element("tr") { m in
                    m.element("th", text: "tape")
                    for symbol in s.tape { m.element("td", text: symbol) }
                }
                let answers = s.target.count
                func row(_ title: String, _ value: (Int) -> (String, String?)) {
                    m.element("tr") { m in
                        m.element("th", text: title)
                        for t in 0..<s.tape.count {
                            let j = t - s.answerStart
                            if j >= 0 && j < answers {
                                let (text, cls) = value(j)
                                m.element("td", cls.map { [("class", $0)] } ?? [], text: text)
                            } else {
                                m.element("td", text: "")
                            }
                        }
                    }
                }
                row("target") { (s.target[$0], nil) }
                row("prediction") { j in
                    (
                        j < s.prediction.count ? s.prediction[j] : "–",
                        s.prediction[safe: j] == s.target[j] ? "right" : "wrong"
                    )
                }
                row("confidence") { j in
                    (s.confidence[safe: j].flatMap { $0 }.map { String(format: "%.2f", $0) } ?? "–", nil)
                }
            }
        }
    }
}
