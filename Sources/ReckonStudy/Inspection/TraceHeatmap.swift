import Foundation

/// A labelled grid of numbers as SVG: traced weights over tape steps, or one attention head's
/// queries × keys. Weights in [0, 1] use the report's sequential scale; other values a diverging
/// blue-white-red scale centred on 0. Where the cells are wide enough their values are printed, in
/// black or white by the cell's lightness (`ColorScale.textColor`); every cell has a `<title>`.
public struct TraceHeatmap: Sendable {
    /// How values map to colours.
    public enum Scale: Sendable {
        /// Values in [0, 1] (probabilities, weightings).
        case unit
        /// Any values, coloured by sign and size relative to the largest magnitude.
        case diverging
    }

    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// rows × columns; nil cells are left blank (a step without a value).
    public var values: [[Double?]]
    public var scale: Scale
    /// Marks columns from this index on (the answer's part of the tape), nil for none.
    public var highlightFrom: Int?

    public init(
        title: String, rowLabels: [String], columnLabels: [String], values: [[Double?]], scale: Scale,
        highlightFrom: Int? = nil
    ) {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.scale = scale
        self.highlightFrom = highlightFrom
    }

    /// The fill for one value.
    func fill(_ v: Double, magnitude: Double) -> String {
        switch scale {
        case .unit: return ColorScale.color(v, baseline: 0)
        case .diverging:
            let t = magnitude > 0 ? Swift.max(-1, Swift.min(1, v / magnitude)) : 0
            // White at 0 to #b2182b (positive) or #2166ac (negative), linearly in sRGB.
            let (r, g, b) = t >= 0 ? (0xb2, 0x18, 0x2b) : (0x21, 0x66, 0xac)
            let a = abs(t)
            func mix(_ c: Int) -> Int { Int((255 + (Double(c) - 255) * a).rounded()) }
            return String(format: "#%02x%02x%02x", mix(r), mix(g), mix(b))
        }
    }

    /// A value as printed in its cell: two decimals, without the leading zero below 1 (".25", "-.50")
    /// so it fits; 10.5 stays "10.50" (removing every "0." once printed it "1.50").
    static func label(_ v: Double) -> String {
        let text = String(format: "%.2f", v)
        if text.hasPrefix("0.") { return String(text.dropFirst()) }
        if text.hasPrefix("-0.") { return "-" + text.dropFirst(2) }
        return text
    }

    /// Cells drawn at most; a larger grid (a long tape's attention, an NTM's grown memory) is left to
    /// `--json`, since each cell is an element with its own title.
    public static let maxCells = 20_000

    /// Whether the grid is small enough to draw.
    public var drawable: Bool { rowLabels.count * columnLabels.count <= Self.maxCells }

    /// The line that stands for the grid where it is not drawn.
    public func omitted(because reason: String) -> String {
        var m = Markup()
        m.element(
            "p", [("class", "meta")],
            text: "\(title): \(rowLabels.count) × \(columnLabels.count) values, \(reason); see --json.")
        return m.text
    }

    public func render() -> String {
        guard drawable else { return omitted(because: "too many to draw") }
        let columns = columnLabels.count
        let rows = rowLabels.count
        let labelWidth = Swift.min(190, 12 + 7 * Double(rowLabels.map(\.count).max() ?? 4))
        let cell = columns <= 24 ? 30.0 : columns <= 60 ? 16.0 : Swift.max(4, 900 / Double(columns))
        let rowHeight = rows * columns > 6000 ? Swift.max(4, 600 / Double(rows)) : Swift.max(cell * 0.8, 12)
        let header = 34.0
        let width = labelWidth + Double(columns) * cell + 10
        let height = header + Double(rows) * rowHeight + 8
        let magnitude = values.flatMap { $0.compactMap { $0 } }.map(abs).max() ?? 0
        let printed = cell >= 28 && rowHeight >= 16
        var m = Markup()
        m.element(
            "svg",
            [
                ("viewBox", "0 0 \(svg(width)) \(svg(height))"), ("width", svg(width)), ("height", svg(height)),
                ("role", "img"), ("aria-label", title), ("class", "trace-heatmap"),
            ]
        ) { m in
            m.element("title", text: title)
            m.element("text", [("x", "0"), ("y", "13"), ("class", "chart-title")], text: title)
            if let start = highlightFrom, start < columns {
                m.empty(
                    "rect",
                    [
                        ("x", svg(labelWidth + Double(start) * cell - 1)), ("y", svg(header - 14)),
                        ("width", svg(Double(columns - start) * cell + 2)),
                        ("height", svg(Double(rows) * rowHeight + 16)), ("class", "shade"),
                    ])
            }
            if cell >= 10 {
                for (j, label) in columnLabels.enumerated() {
                    m.element(
                        "text",
                        [
                            ("x", svg(labelWidth + (Double(j) + 0.5) * cell)), ("y", svg(header - 4)),
                            ("text-anchor", "middle"), ("class", "tick"),
                        ], text: label)
                }
            }
            for (i, label) in rowLabels.enumerated() {
                let y = header + Double(i) * rowHeight
                if rowHeight >= 9 {
                    m.element(
                        "text",
                        [
                            ("x", svg(labelWidth - 6)), ("y", svg(y + rowHeight / 2 + 4)), ("text-anchor", "end"),
                            ("class", "tick"),
                        ],
                        text: label)
                }
                for j in 0..<columns {
                    guard i < values.count, j < values[i].count, let v = values[i][j] else { continue }
                    let x = labelWidth + Double(j) * cell
                    let color = fill(v, magnitude: magnitude)
                    m.element("g", [("class", "cell")]) { m in
                        m.element("title", text: "\(label), \(columnLabels[j]): " + String(format: "%.4g", v))
                        m.empty(
                            "rect",
                            [
                                ("x", svg(x)), ("y", svg(y)), ("width", svg(cell)), ("height", svg(rowHeight)),
                                ("fill", color),
                            ])
                        if printed {
                            m.element(
                                "text",
                                [
                                    ("x", svg(x + cell / 2)), ("y", svg(y + rowHeight / 2 + 4)),
                                    ("text-anchor", "middle"), ("class", "value"),
                                ] + ColorScale.inkAttributes(ColorScale.textColor(on: color)),
                                text: Self.label(v))
                        }
                    }
                }
            }
        }
        return m.text
    }
}
