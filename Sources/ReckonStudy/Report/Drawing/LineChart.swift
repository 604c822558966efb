/// A line chart as inline SVG: axes with round ticks, linear or logarithmic each, one line per series
/// (each with its own color and dash pattern, so the lines stay apart in grayscale) or bars, an optional
/// shaded x range, an optional dashed horizontal reference line, labelled vertical markers, a legend, and
/// a `<title>`.
public struct LineChart: Sendable {
    /// One line, or one bar per point.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// Bars from the bottom of the plot instead of a line (a spectrum's norm per frequency).
        public var bars: Bool
        public init(name: String, points: [(x: Double, y: Double)], bars: Bool = false) {
            self.name = name
            self.points = points
            self.bars = bars
        }
    }

    /// A labelled vertical line at one x (the step a run memorized, the step it grokked).
    public struct Marker: Sendable {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
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
    /// Vertical lines with labels, drawn over the plot.
    public var markers: [Marker]
    /// Logarithmic axes (base 10): points at x ≤ 0 (y ≤ 0) are left out, having no place on them.
    public var xLog: Bool
    public var yLog: Bool

    public init(
        title: String, xLabel: String, yLabel: String, series: [Series], yDomain: ClosedRange<Double>? = nil,
        shaded: (range: ClosedRange<Double>, label: String)? = nil, reference: (y: Double, label: String)? = nil,
        markers: [Marker] = [], xLog: Bool = false, yLog: Bool = false
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yDomain = yDomain
        self.shaded = shaded
        self.reference = reference
        self.markers = markers
        self.xLog = xLog
        self.yLog = yLog
    }

    /// One axis: where a value is drawn, its ticks and their labels, on a linear or a log scale.
    struct Axis {
        let position: (Double) -> Double
        let ticks: [Double]
        let label: (Double) -> String

        init(domain: ClosedRange<Double>, range: ClosedRange<Double>, flipped: Bool, log: Bool, count: Int) {
            if log {
                let scale = LogScale(domain: domain, range: range, flipped: flipped)
                position = { scale($0) }
                ticks = scale.ticks()
                label = { LogScale.label($0) }
            } else {
                let scale = LinearScale(domain: domain, range: range, flipped: flipped)
                let ticks = scale.ticks(count)
                let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
                position = { scale($0) }
                self.ticks = ticks
                label = { LinearScale.label($0, step: step) }
            }
        }
    }

    /// The points a series shows: finite, and positive on a log axis.
    func drawable(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        points.filter { $0.x.isFinite && $0.y.isFinite && (!xLog || $0.x > 0) && (!yLog || $0.y > 0) }
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
        let shown = series.map { drawable($0.points) }
        let reference = self.reference.flatMap { !yLog || $0.y > 0 ? $0 : nil }
        let xs =
            shown.flatMap { $0.map(\.x) } + (shaded.map { [$0.range.lowerBound, $0.range.upperBound] } ?? [])
            + markers.map(\.x).filter { !xLog || $0 > 0 }
        let ys = shown.flatMap { $0.map(\.y) } + (reference.map { [$0.y] } ?? [])
        let xDomain = (xs.min() ?? 0)...(xs.max() ?? 1)
        let yRange = yDomain ?? ((ys.min() ?? 0)...(ys.max() ?? 1))
        let xAxis = Axis(domain: xDomain, range: left...(width - right), flipped: false, log: xLog, count: 6)
        let yAxis = Axis(domain: yRange, range: top...(height - bottom), flipped: true, log: yLog, count: 5)
        let x = xAxis.position
        let y = yAxis.position
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
            for t in yAxis.ticks {
                m.empty(
                    "line",
                    [
                        ("x1", svg(left)), ("x2", svg(width - right)), ("y1", svg(y(t))), ("y2", svg(y(t))),
                        ("class", "grid"),
                    ])
                m.element(
                    "text", [("x", svg(left - 6)), ("y", svg(y(t) + 4)), ("class", "tick"), ("text-anchor", "end")],
                    text: yAxis.label(t))
            }
            for t in xAxis.ticks {
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
                    text: xAxis.label(t))
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
            // Bars stand on the bottom of the plot, or on zero where the y range holds it.
            let base = y(yLog ? yRange.lowerBound : Swift.min(Swift.max(0, yRange.lowerBound), yRange.upperBound))
            for (i, s) in series.enumerated() where s.bars {
                let st = Self.style(i)
                let centers = shown[i].map { x($0.x) }.sorted()
                let gap = zip(centers, centers.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }.min() ?? 16
                let barWidth = Swift.max(1, Swift.min(24, 0.8 * gap))
                for p in shown[i] {
                    let barTop = Swift.min(base, y(p.y))
                    m.element(
                        "rect",
                        [
                            ("x", svg(x(p.x) - barWidth / 2)), ("y", svg(barTop)), ("width", svg(barWidth)),
                            ("height", svg(abs(base - y(p.y)))), ("fill", st.color), ("class", "bar"),
                        ]
                    ) { m in m.element("title", text: "\(s.name) at \(svg(p.x)): \(String(format: "%.4g", p.y))") }
                }
            }
            for (i, s) in series.enumerated() where !s.bars && !shown[i].isEmpty {
                let st = Self.style(i)
                let path = shown[i].map { "\(svg(x($0.x))),\(svg(y($0.y)))" }.joined(separator: " ")
                var attributes = [
                    ("points", path), ("fill", "none"), ("stroke", st.color), ("stroke-width", "1.8"),
                    ("class", "series"),
                ]
                if !st.dash.isEmpty { attributes.append(("stroke-dasharray", st.dash)) }
                m.element("polyline", attributes) { m in m.element("title", text: s.name) }
            }
            // Markers over the lines; their labels step down so that two close markers stay legible.
            for (i, marker) in markers.enumerated() where !xLog || marker.x > 0 {
                let mx = x(marker.x)
                m.element("g", [("class", "marker"), ("data-x", svg(marker.x))]) { m in
                    m.empty(
                        "line",
                        [
                            ("x1", svg(mx)), ("x2", svg(mx)), ("y1", svg(top)), ("y2", svg(height - bottom)),
                            ("stroke", "#333"), ("stroke-width", "1.2"), ("stroke-dasharray", "2 3"),
                        ])
                    let rightHalf = mx > (left + width - right) / 2
                    m.element(
                        "text",
                        [
                            ("x", svg(rightHalf ? mx - 4 : mx + 4)), ("y", svg(top + 12 + 14 * Double(i))),
                            ("class", "note"), ("text-anchor", rightHalf ? "end" : "start"),
                        ], text: marker.label)
                }
            }
            // Legend, right of the plot.
            for (i, s) in series.enumerated() {
                let st = Self.style(i)
                let ly = top + 10 + Double(i) * 18
                if s.bars {
                    m.empty(
                        "rect",
                        [
                            ("x", svg(width - right + 12)), ("y", svg(ly - 5)), ("width", "28"), ("height", "10"),
                            ("fill", st.color),
                        ])
                } else {
                    var attributes = [
                        ("x1", svg(width - right + 12)), ("x2", svg(width - right + 40)), ("y1", svg(ly)),
                        ("y2", svg(ly)), ("stroke", st.color), ("stroke-width", "2.2"),
                    ]
                    if !st.dash.isEmpty { attributes.append(("stroke-dasharray", st.dash)) }
                    m.empty("line", attributes)
                }
                m.element(
                    "text", [("x", svg(width - right + 46)), ("y", svg(ly + 4)), ("class", "legend")], text: s.name)
            }
        }
        return m.text
    }
}
