/// A line chart as inline SVG: axes with round ticks, one line per series (each with its own
/// color and dash pattern, so the lines stay apart in grayscale), an optional shaded x range, an
/// optional dashed horizontal reference line, a legend, and a `<title>`.
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// The y range; the data's when nil.
    public var yDomain: ClosedRange<Double>?
    /// An x range to shade, with its label (the training lengths).
    public var shaded: (range: ClosedRange<Double>, label: String)?
    /// A dashed horizontal line, with its label (the random baseline).
    public var reference: (y: Double, label: String)?

    public init(
        title: String, xLabel: String, yLabel: String, series: [Series], yDomain: ClosedRange<Double>? = nil,
        shaded: (range: ClosedRange<Double>, label: String)? = nil, reference: (y: Double, label: String)? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yDomain = yDomain
        self.shaded = shaded
        self.reference = reference
    }

    /// Colors of the Okabe-Ito palette (distinct for the common color-vision deficiencies) and
    /// dash patterns, taken in turn.
    static let colors = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"]
    static let dashes = ["", "7 3", "2 3", "9 3 2 3", "4 2", "1 2", "12 4", "5 2 1 2"]

    public static func style(_ i: Int) -> (color: String, dash: String) {
        (colors[i % colors.count], dashes[i % dashes.count])
    }

    /// The chart's SVG element.
    public func render(width: Double = 640, height: Double = 300) -> String {
        let left = 56.0
        let right = 150.0
        let top = 30.0
        let bottom = 44.0
        let xs =
            series.flatMap { $0.points.map(\.x) } + (shaded.map { [$0.range.lowerBound, $0.range.upperBound] } ?? [])
        let ys = series.flatMap { $0.points.map(\.y) } + (reference.map { [$0.y] } ?? [])
        let xDomain = (xs.min() ?? 0)...(xs.max() ?? 1)
        let yRange = yDomain ?? ((ys.min() ?? 0)...(ys.max() ?? 1))
        let x = LinearScale(domain: xDomain, range: left...(width - right))
        let y = LinearScale(domain: yRange, range: top...(height - bottom), flipped: true)
        var m = Markup()
        m.element(
            "svg",
            [
                ("viewBox", "0 0 \(svg(width)) \(svg(height))"), ("width", svg(width)), ("height", svg(height)),
                ("role", "img"), ("aria-label", title), ("class", "chart"),
            ]
        ) { m in
            m.element("title", text: title)
            m.element("text", [("x", svg(left)), ("y", "18"), ("class", "chart-title")], text: title)
            if let shaded {
                let x0 = x(Swift.max(shaded.range.lowerBound, xDomain.lowerBound))
                let x1 = x(Swift.min(shaded.range.upperBound, xDomain.upperBound))
                m.empty(
                    "rect",
                    [
                        ("x", svg(x0)), ("y", svg(top)), ("width", svg(Swift.max(0, x1 - x0))),
                        ("height", svg(height - bottom - top)), ("class", "shade"),
                    ])
                m.element("text", [("x", svg(x0 + 4)), ("y", svg(top + 12)), ("class", "note")], text: shaded.label)
            }
            // Axes, ticks and grid.
            let xTicks = x.ticks(6)
            let yTicks = y.ticks(5)
            let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
            let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
            for t in yTicks {
                m.empty(
                    "line",
                    [
                        ("x1", svg(left)), ("x2", svg(width - right)), ("y1", svg(y(t))), ("y2", svg(y(t))),
                        ("class", "grid"),
                    ])
                m.element(
                    "text", [("x", svg(left - 6)), ("y", svg(y(t) + 4)), ("class", "tick"), ("text-anchor", "end")],
                    text: LinearScale.label(t, step: yStep))
            }
            for t in xTicks {
                m.empty(
                    "line",
                    [
                        ("x1", svg(x(t))), ("x2", svg(x(t))), ("y1", svg(height - bottom)),
                        ("y2", svg(height - bottom + 4)),
                        ("class", "axis"),
                    ])
                m.element(
                    "text",
                    [("x", svg(x(t))), ("y", svg(height - bottom + 16)), ("class", "tick"), ("text-anchor", "middle")],
                    text: LinearScale.label(t, step: xStep))
            }
            m.empty(
                "line",
                [
                    ("x1", svg(left)), ("x2", svg(width - right)), ("y1", svg(height - bottom)),
                    ("y2", svg(height - bottom)),
                    ("class", "axis"),
                ])
            m.empty(
                "line",
                [
                    ("x1", svg(left)), ("x2", svg(left)), ("y1", svg(top)), ("y2", svg(height - bottom)),
                    ("class", "axis"),
                ])
            m.element(
                "text",
                [
                    ("x", svg((left + width - right) / 2)), ("y", svg(height - 8)), ("class", "label"),
                    ("text-anchor", "middle"),
                ], text: xLabel)
            m.element(
                "text",
                [
                    ("x", "14"), ("y", svg((top + height - bottom) / 2)), ("class", "label"), ("text-anchor", "middle"),
                    ("transform", "rotate(-90 14 \(svg((top + height - bottom) / 2)))"),
                ], text: yLabel)
            if let reference {
                m.empty(
                    "line",
                    [
                        ("x1", svg(left)), ("x2", svg(width - right)), ("y1", svg(y(reference.y))),
                        ("y2", svg(y(reference.y))),
                        ("class", "reference"),
                    ])
                m.element(
                    "text",
                    [
                        ("x", svg(width - right - 4)), ("y", svg(y(reference.y) - 4)), ("class", "note"),
                        ("text-anchor", "end"),
                    ], text: reference.label)
            }
            for (i, s) in series.enumerated() where !s.points.isEmpty {
                let st = Self.style(i)
                let path = s.points.map { "\(svg(x($0.x))),\(svg(y($0.y)))" }.joined(separator: " ")
                var attributes = [
                    ("points", path), ("fill", "none"), ("stroke", st.color), ("stroke-width", "1.8"),
                    ("class", "series"),
                ]
                if !st.dash.isEmpty { attributes.append(("stroke-dasharray", st.dash)) }
                m.element("polyline", attributes) { m in m.element("title", text: s.name) }
            }
            // Legend, right of the plot.
            for (i, s) in series.enumerated() {
                let st = Self.style(i)
                let ly = top + 10 + Double(i) * 18
                var attributes = [
                    ("x1", svg(width - right + 12)), ("x2", svg(width - right + 40)), ("y1", svg(ly)), ("y2", svg(ly)),
                    ("stroke", st.color), ("stroke-width", "2.2"),
                ]
                if !st.dash.isEmpty { attributes.append(("stroke-dasharray", st.dash)) }
                m.empty("line", attributes)
                m.element(
                    "text", [("x", svg(width - right + 46)), ("y", svg(ly + 4)), ("class", "legend")], text: s.name)
            }
        }
        return m.text
    }
}
