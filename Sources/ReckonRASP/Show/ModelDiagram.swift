import Foundation
import ReckonSupport

/// A compiled model as an SVG picture: one column per layer with its heads (blue) above its MLPs
/// (orange), and beneath them the residual stream as a bar split into the s-ops' directions, each
/// coloured by the kind of sublayer that writes it. Plain SVG with inline styles, so it embeds in an
/// HTML report as it is.
public enum ModelDiagram {
    static let attentionColor = "#4e79a7", mlpColor = "#f28e2b", inputColor = "#9d9d9d"
    /// The panels behind a layer's heads and MLPs, and their titles: darker shades of the two colors, because
    /// the colors themselves contrast too little with the panels for text (4.07 and 2.18; WCAG asks 4.5).
    static let attentionPanel = "#eef3f8", mlpPanel = "#fdf1e6"
    static let attentionTitle = "#34618f", mlpTitle = "#a04c0b"
    /// The text on a head's or an MLP's box: black or white, whichever contrasts more (white on the orange
    /// MLP boxes was 2.42).
    static let attentionInk = TextContrast.ink(on: attentionColor), mlpInk = TextContrast.ink(on: mlpColor)
    static let columnWidth = 250.0, itemHeight = 40.0, margin = 24.0, gap = 16.0

    public static func svg(_ model: CompiledModel) -> String {
        let a = model.architecture
        let columns = Swift.max(1, a.layers.count)
        // Extra room on the right for the slanted labels of the last directions.
        let width = margin * 2 + Double(columns) * columnWidth + Double(columns - 1) * gap + 120
        let maxHeads = Swift.max(1, a.layers.map(\.heads.count).max() ?? 1)
        let maxMLPs = Swift.max(1, a.layers.map(\.mlps.count).max() ?? 1)
        let attentionHeight = 30 + Double(maxHeads) * itemHeight
        let mlpHeight = 30 + Double(maxMLPs) * itemHeight
        let top = 64.0
        let streamTop = top + attentionHeight + mlpHeight + 3 * gap + 10
        let height = streamTop + 160

        var body: [String] = []
        body.append(
            text(
                margin, 28,
                "\(a.output): \(a.layers.count) layers, \(a.headCount) heads, \(a.mlpCount) MLPs, "
                    + "residual width \(model.residualWidth)", size: 16, weight: "bold"))
        body.append(
            text(
                margin, 48,
                "vocabulary {\(model.vocabulary.map(\.description).joined(separator: ", "))}, "
                    + "max length \(model.maxLength); tracr's schedule: \(a.tracrLayerCount) layers",
                size: 12, color: "#555"))
        for (i, layer) in a.layers.enumerated() {
            let x = margin + Double(i) * (columnWidth + gap)
            body.append(rect(x, top, columnWidth, attentionHeight, fill: attentionPanel, stroke: attentionColor))
            body.append(
                text(
                    x + 8, top + 18, "layer \(i) · attention", size: 12, weight: "bold",
                    color: attentionTitle))
            for (n, h) in layer.heads.enumerated() {
                let y = top + 26 + Double(n) * itemHeight
                body.append(
                    rect(
                        x + 8, y, columnWidth - 16, itemHeight - 6, fill: attentionColor, stroke: "none",
                        radius: 4))
                body.append(
                    text(x + 14, y + 14, "\(h.label) = \(h.kind)", size: 11, weight: "bold", color: attentionInk))
                body.append(text(x + 14, y + 28, fit(h.selector, columnWidth - 28), size: 10, color: attentionInk))
            }
            let my = top + attentionHeight + gap
            body.append(rect(x, my, columnWidth, mlpHeight, fill: mlpPanel, stroke: mlpColor))
            body.append(
                text(
                    x + 8, my + 18, "layer \(i) · MLP (\(layer.hidden) hidden)", size: 12, weight: "bold",
                    color: mlpTitle))
            for (n, m) in layer.mlps.enumerated() {
                let y = my + 26 + Double(n) * itemHeight
                body.append(rect(x + 8, y, columnWidth - 16, itemHeight - 6, fill: mlpColor, stroke: "none", radius: 4))
                body.append(text(x + 14, y + 14, "\(m.label) = \(m.kind)", size: 11, weight: "bold", color: mlpInk))
                body.append(
                    text(
                        x + 14, y + 28,
                        fit(
                            "reads \(m.inputs.joined(separator: ", ")) · \(m.hidden) hidden",
                            columnWidth - 28), size: 10, color: mlpInk))
            }
        }

        // The residual stream: every direction gets the same width.
        body.append(
            text(
                margin, streamTop - 8, "residual stream (\(model.residualWidth) directions)", size: 12,
                weight: "bold"))
        let barWidth = width - 2 * margin - 120
        let unit = barWidth / Double(Swift.max(1, model.residualWidth))
        // An s-op's colour is its writer's: the head of an aggregate, the MLP of a map or selector width.
        let writers = Dictionary(
            a.layers.flatMap { l in
                l.heads.map { ($0.label, attentionColor) } + l.mlps.map { ($0.label, mlpColor) }
            }, uniquingKeysWith: { _, last in last })
        var segments: [(String, Int, Int, String)] = [("one", 0, 1, inputColor), ("BOS", 1, 1, inputColor)]
        for span in model.layout.spans {
            if let w = span.widthDirection { segments.append(("\(span.label).width", w, 1, attentionColor)) }
            segments.append((span.label, span.start, span.count, writers[span.label] ?? inputColor))
        }
        var lastLabel = -Double.infinity
        for (label, start, count, color) in segments {
            let x = margin + Double(start) * unit
            body.append(rect(x, streamTop, Double(count) * unit, 22, fill: color, stroke: "#fff", radius: 0))
            // Labels slant at 60° and keep 12 px apart, so narrow neighbours fan out instead of colliding;
            // a label pushed right of its segment gets a leader line back to it.
            let centre = x + Double(count) * unit / 2
            let lx = Swift.max(centre, lastLabel + 12)
            let ly = streamTop + 34
            lastLabel = lx
            if lx > centre + 1 {
                body.append(
                    "<line x1=\"\(f(centre))\" y1=\"\(f(streamTop + 22))\" x2=\"\(f(lx))\" "
                        + "y2=\"\(f(ly - 8))\" stroke=\"#bbb\" stroke-width=\"0.5\"/>")
            }
            body.append(
                "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-size=\"10\" fill=\"#333\" "
                    + "transform=\"rotate(60 \(f(lx)) \(f(ly)))\">"
                    + "\(MarkupEscaping.escape(label)) (\(count))</text>")
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" \
            viewBox="0 0 \(f(width)) \(f(height))" font-family="-apple-system, 'Segoe UI', Helvetica, Arial,
            sans-serif">
            <rect width="100%" height="100%" fill="#ffffff"/>
            \(body.joined(separator: "\n"))
            </svg>

            """
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    static func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String,
        radius: Double = 6
    ) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" rx=\"\(f(radius))\" "
            + "fill=\"\(fill)\" stroke=\"\(stroke)\"/>"
    }

    static func text(
        _ x: Double, _ y: Double, _ s: String, size: Int, weight: String = "normal",
        color: String = "#222"
    ) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" font-weight=\"\(weight)\" fill=\"\(color)\">"
            + "\(MarkupEscaping.escape(s))</text>"
    }

    /// Cuts text that would overflow `width` (about 0.6 em per character) and ends it with an ellipsis.
    static func fit(_ s: String, _ width: Double, size: Double = 10) -> String {
        let maxChars = Int(width / (0.6 * size))
        return s.count <= maxChars ? s : String(s.prefix(Swift.max(1, maxChars - 1))) + "…"
    }
}
