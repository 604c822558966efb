import Foundation
import Testing

@testable import ReckonStudy

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Cell labels are legible: WCAG 2.x contrast of at least 4.5 (success criterion 1.4.3) between a label's ink
/// and its cell's fill, on the whole color scale and in a rendered heatmap. BrowserTests checks the same in
/// Chromium, where the page's stylesheet takes part.
@Suite struct ContrastTests {
    /// WCAG's own reference points, and the scale's darkest fill, where #111 text (what the page's stylesheet
    /// drew before) is unreadable.
    @Test func theContrastRatioFollowsWCAG() {
        #expect(abs(ColorScale.contrastRatio("#000000", "#ffffff") - 21) < 1e-12)
        #expect(ColorScale.contrastRatio("#ffffff", "#000000") == ColorScale.contrastRatio("#000000", "#ffffff"))
        #expect(ColorScale.contrastRatio("#777777", "#777777") == 1)
        // #767676 is the lightest gray that passes 4.5 on white (4.54); #777777 fails (4.48).
        #expect(ColorScale.contrastRatio("#767676", "#ffffff") >= 4.5)
        #expect(ColorScale.contrastRatio("#777777", "#ffffff") < 4.5)
        let darkest = ColorScale.color(1, baseline: 0.5)
        #expect(ColorScale.contrastRatio("#111111", darkest) < 1.5)
        #expect(ColorScale.textColor(on: darkest) == "#ffffff")
    }

    /// The ink `textColor(on:)` picks reaches 4.5 at 1000 positions along the scale for several baselines,
    /// and the "no run" cell's gray ink on its gray fill does too.
    @Test func everyFillOfTheScaleGetsAReadableInk() {
        var worst = (ratio: Double.infinity, fill: "")
        for baseline in [0, 0.1, 0.25, 1.0 / 3, 0.5, 0.9] {
            for i in 0..<1000 {
                let fill = ColorScale.color(baseline + (1 - baseline) * Double(i) / 999, baseline: baseline)
                let ink = ColorScale.textColor(on: fill)
                #expect(ink == "#000000" || ink == "#ffffff")
                let ratio = ColorScale.contrastRatio(ink, fill)
                if ratio < worst.ratio { worst = (ratio, fill) }
                let other = ink == "#000000" ? "#ffffff" : "#000000"
                #expect(ratio >= ColorScale.contrastRatio(other, fill), "\(fill): the other ink contrasts more")
            }
        }
        #expect(worst.ratio >= 4.5, "\(worst.fill): \(worst.ratio)")
        #expect(ColorScale.contrastRatio(Heatmap.noRunInk, Heatmap.noRunFill) >= 4.5)
    }

    /// A table whose heatmap spans the whole scale: parity_check scored 0, 0.05, …, 1 (baseline 0.5, so the
    /// lower half shares the lightest fill), and reverse_string with a failed-only cell and an empty one.
    static func tableAcrossTheScale() -> ResultsTable {
        let scores = stride(from: 0.0, through: 1.0, by: 0.05).map { $0 }
        let models = scores.indices.map { "m\($0)" }
        var cells = zip(models, scores).map { model, score in
            ResultsTable.Cell(
                task: "parity_check", model: model, runs: 3, failed: 0, scores: [score, score / 2, score],
                randomBaseline: 0.5)
        }
        cells.append(.init(task: "reverse_string", model: "m0", runs: 0, failed: 2, scores: [], randomBaseline: 0.1))
        cells.append(.init(task: "reverse_string", model: "m1", runs: 0, failed: 0, scores: [], randomBaseline: 0.1))
        return ResultsTable(
            aggregate: .max, tasks: ["parity_check", "reverse_string"], models: models, cells: cells, filters: [])
    }

    /// A rendered heatmap across the scale, with a failed-only cell and an empty one: every score and
    /// median label's ink contrasts ≥ 4.5 with its cell's rect, and carries the same ink as an inline style,
    /// which no stylesheet rule outranks.
    @Test func everyLabelOfARenderedHeatmapIsReadable() throws {
        let table = Self.tableAcrossTheScale()
        let cells = table.cells
        let doc = try XMLDocument(xmlString: Heatmap(table: table).render())
        let groups = try doc.nodes(forXPath: "//g[starts-with(@class, 'cell')]").compactMap { $0 as? XMLElement }
        #expect(groups.count == cells.count)
        var labels = 0
        for g in groups {
            let fill = try #require(g.elements(forName: "rect").first?.attribute(forName: "fill")?.stringValue)
            for text in g.elements(forName: "text") {
                let ink = try #require(text.attribute(forName: "fill")?.stringValue, "a label without a fill")
                #expect(text.attribute(forName: "style")?.stringValue == "fill:\(ink)")
                let ratio = ColorScale.contrastRatio(ink, fill)
                #expect(ratio >= 4.5, "'\(text.stringValue ?? "")': \(ink) on \(fill) has contrast \(ratio)")
                labels += 1
            }
        }
        #expect(labels == 2 * cells.count, "a score and a median line in every cell")
    }
}
