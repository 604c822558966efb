import Foundation

/// A compiled model as text: a summary line, one row per attention head and MLP, and the
/// residual stream's layout (what `reckon rasp show` prints).
public enum ModelTable {
    public static func text(_ model: CompiledModel) -> String {
        let a = model.architecture
        var out: [String] = []
        func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        out.append(
            "\(a.output): \(plural(a.layers.count, "layer")) (tracr's schedule: \(a.tracrLayerCount)), "
                + "\(plural(a.headCount, "attention head")) (at most \(a.maxHeadsPerLayer) per layer), "
                + "\(a.mlpCount) MLP\(a.mlpCount == 1 ? "" : "s"), residual width \(model.residualWidth), "
                + "\(model.parameterCount) parameters")
        let vocabulary = model.vocabulary.map(\.description).joined(separator: ", ")
        out.append("vocabulary {\(vocabulary)}, max length \(model.maxLength)")
        out.append("")
        var rows: [[String]] = [["layer", "sublayer", "computes", "block", "reads", "size"]]
        for (i, layer) in a.layers.enumerated() {
            for (n, h) in layer.heads.enumerated() {
                let reads = h.selector + (h.value.map { ", values \($0)" } ?? ", values BOS")
                rows.append([
                    "\(i)", "attention", h.label, "head \(n): \(h.kind)", reads,
                    "key \(h.keySize), value \(h.valueSize)",
                ])
            }
            if layer.heads.isEmpty { rows.append(["\(i)", "attention", "-", "(empty)", "", ""]) }
            for m in layer.mlps {
                rows.append(["\(i)", "mlp", m.label, m.kind, m.inputs.joined(separator: ", "), "\(m.hidden) hidden"])
            }
            if layer.mlps.isEmpty { rows.append(["\(i)", "mlp", "-", "(empty)", "", ""]) }
        }
        out += table(rows)
        out.append("")
        out.append("residual stream (\(model.residualWidth) directions)")
        var layoutRows: [[String]] = [["directions", "s-op", "encoding", "values"]]
        layoutRows.append(["\(model.layout.one)", "one", "", "1 everywhere"])
        layoutRows.append(["\(model.layout.bos)", "tokens:BOS", "", "1 at BOS"])
        for span in model.layout.spans {
            if let w = span.widthDirection {
                layoutRows.append(["\(w)", "\(span.label).width", "numerical", "1/(w+1)"])
            }
            let range = span.count == 1 ? "\(span.start)" : "\(span.start)-\(span.start + span.count - 1)"
            layoutRows.append([
                range, span.label, span.encoding.rawValue,
                span.encoding == .numerical ? "(one number)" : abbreviated(span.values),
            ])
        }
        out += table(layoutRows)
        return out.joined(separator: "\n") + "\n"
    }

    /// The values, or the first eight and last two of a long list.
    static func abbreviated(_ values: [Value]) -> String {
        let shown =
            values.count <= 12
            ? values.map(\.description)
            : values.prefix(8).map(\.description) + ["…"] + values.suffix(2).map(\.description)
        return shown.joined(separator: " ")
    }

    /// Left-aligned columns two spaces apart; the last column is not padded.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }
}
