import Foundation
import ReckonSupport
import Testing

@testable import ReckonRASP

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The model diagram's text is legible: every label contrasts ≥ 4.5 (WCAG 2.x) with what it is drawn on.
@Suite struct DiagramContrastTests {
    /// For every library program's diagram, each text's background is the last rect drawn under a point just
    /// above its baseline (the canvas, white, where there is none); the ink contrasts with it by ≥ 4.5.
    @Test func everyTextOfEveryLibraryDiagramIsReadable() throws {
        for lib in ProgramLibrary.all {
            let model = try Compiler.compile(lib.program, vocabulary: lib.vocabulary, maxLength: 5)
            let root = try #require(try XMLDocument(xmlString: ModelDiagram.svg(model)).rootElement())
            let drawn = (root.children ?? []).compactMap { $0 as? XMLElement }
            // By name from `attributes`: FoundationXML's attribute(forName:) finds none under the svg namespace.
            func value(_ e: XMLElement, _ name: String) -> String? {
                e.attributes?.first { $0.name == name }?.stringValue
            }
            func number(_ e: XMLElement, _ name: String) -> Double? { value(e, name).flatMap(Double.init) }
            var rects: [(x: Double, y: Double, w: Double, h: Double, fill: String)] = []
            var texts = 0
            for e in drawn {
                if e.name == "rect", let x = number(e, "x"), let y = number(e, "y"), let w = number(e, "width"),
                    let h = number(e, "height"), let fill = value(e, "fill")
                {
                    rects.append((x, y, w, h, fill))
                }
                guard e.name == "text", let x = number(e, "x"), let y = number(e, "y") else { continue }
                let ink = try #require(value(e, "fill"))
                let (px, py) = (x + 2, y - 4)
                let background =
                    rects.last { px >= $0.x && px <= $0.x + $0.w && py >= $0.y && py <= $0.y + $0.h }?.fill ?? "#ffffff"
                let ratio = TextContrast.ratio(ink, background)
                #expect(
                    ratio >= TextContrast.minimum,
                    "\(lib.name): '\(e.stringValue ?? "")' \(ink) on \(background) has contrast \(ratio)")
                texts += 1
            }
            #expect(texts > 4, "\(lib.name): a title, layer titles and box labels")
        }
    }
}
