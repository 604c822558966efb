import Foundation

/// Hidden states on their first two principal components as SVG: each sample's trajectory as a
/// thin line, each state a dot coloured by the task's true state after that step (a colour-blind
/// safe palette), or grey where the task names none.
public struct StateScatter: Sendable {
    /// Okabe & Ito's eight colours, then greys: distinct for the small automata of the regular tasks.
    static let palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"]

    public var title: String
    /// Per sample, per step, (x, y).
    public var points: [[[Double]]]
    /// Per sample, per step, the true state (nil: none, or past the input).
    public var states: [[Int?]]?
    public var stateNames: [String]
    public var explained: [Double]

    public init(title: String, points: [[[Double]]], states: [[Int?]]?, stateNames: [String], explained: [Double]) {
        self.title = title
        self.points = points
        self.states = states
        self.stateNames = stateNames
        self.explained = explained
    }

    static func color(_ state: Int?) -> String {
        guard let state else { return "#9a9a9a" }
        return state < palette.count ? palette[state] : "#555555"
    }

    public func render(size: Double = 460) -> String {
        let all = points.flatMap { $0 }
        let xs = all.map { $0[0] }
        let ys = all.map { $0[1] }
        let pad = 30.0
        let header = 24.0
        let legendWidth = 120.0
        func range(_ v: [Double]) -> (Double, Double) {
            let lo = v.min() ?? 0
            let hi = v.max() ?? 1
            return hi - lo > 1e-9 ? (lo, hi) : (lo - 1, hi + 1)
        }
        let (x0, x1) = range(xs)
        let (y0, y1) = range(ys)
        func px(_ x: Double) -> Double { pad + (x - x0) / (x1 - x0) * (size - 2 * pad) }
        func py(_ y: Double) -> Double { header + size - pad - (y - y0) / (y1 - y0) * (size - 2 * pad) }
        var m = Markup()
        let width = size + legendWidth
        let height = size + header + 20
        m.element(
            "svg",
            [
                ("viewBox", "0 0 \(svg(width)) \(svg(height))"), ("width", svg(width)), ("height", svg(height)),
                ("role", "img"), ("aria-label", title), ("class", "state-scatter"),
            ]
        ) { m in
            m.element("title", text: title)
            m.element("text", [("x", "0"), ("y", "14"), ("class", "chart-title")], text: title)
            m.empty(
                "rect",
                [
                    ("x", svg(pad / 2)), ("y", svg(header + pad / 2)), ("width", svg(size - pad)),
                    ("height", svg(size - pad)), ("fill", "none"), ("class", "axis"),
                ])
            for sample in points where sample.count > 1 {
                let path = sample.map { "\(svg(px($0[0]))),\(svg(py($0[1])))" }.joined(separator: " ")
                m.empty(
                    "polyline",
                    [("points", path), ("fill", "none"), ("stroke", "#bbbbbb"), ("stroke-width", "0.7")])
            }
            for (s, sample) in points.enumerated() {
                for (t, p) in sample.enumerated() {
                    let state = states.flatMap { s < $0.count && t < $0[s].count ? $0[s][t] : nil }
                    m.empty(
                        "circle",
                        [
                            ("cx", svg(px(p[0]))), ("cy", svg(py(p[1]))), ("r", "3"), ("fill", Self.color(state)),
                            ("fill-opacity", "0.8"),
                        ])
                }
            }
            let pc = explained.map { String(format: "%.0f%%", 100 * $0) }
            m.element(
                "text", [("x", svg(size / 2)), ("y", svg(height - 4)), ("text-anchor", "middle"), ("class", "tick")],
                text: "PC 1 (\(pc.first ?? "–") of the variance), PC 2 (\(pc.count > 1 ? pc[1] : "–"))")
            if states != nil {
                for (i, name) in stateNames.enumerated() {
                    let y = header + 20 + Double(i) * 18
                    m.empty(
                        "circle", [("cx", svg(size + 12)), ("cy", svg(y - 4)), ("r", "5"), ("fill", Self.color(i))])
                    m.element(
                        "text", [("x", svg(size + 22)), ("y", svg(y)), ("class", "legend")], text: "true state \(name)")
                }
                let y = header + 20 + Double(stateNames.count) * 18
                m.empty("circle", [("cx", svg(size + 12)), ("cy", svg(y - 4)), ("r", "5"), ("fill", Self.color(nil))])
                m.element("text", [("x", svg(size + 22)), ("y", svg(y)), ("class", "legend")], text: "past the input")
            }
        }
        return m.text
    }
}
