import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The HTML report: its drawing layer, and the page of a real sweep checked as XML.
@Suite struct ReportTests {
    @Test func scalesMapAndTickRoundly() {
        let x = LinearScale(domain: 0...500, range: 50...550)
        #expect(x(0) == 50 && x(250) == 300 && x(500) == 550)
        #expect(x.ticks(5) == [0, 100, 200, 300, 400, 500])
        let y = LinearScale(domain: 0...1, range: 10...110, flipped: true)
        #expect(y(1) == 10 && y(0) == 110)
        #expect(y.ticks(5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(LinearScale(domain: 3...3, range: 0...10)(3) == 5, "a single value sits in the middle")
        #expect(LinearScale.label(0.4, step: 0.2) == "0.4")
        #expect(LinearScale.label(20000, step: 5000) == "20k")
        #expect(LinearScale.label(1_000_000, step: 200_000) == "1M")
    }

    /// Darker means better in every channel of gray: the scale reads without color.
    @Test func theColorScaleDarkensMonotonically() {
        let values = stride(from: 0.5, through: 1.0, by: 0.01).map {
            ColorScale.luminance(ColorScale.color($0, baseline: 0.5))
        }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 > $1 })
        #expect(
            ColorScale.color(0.2, baseline: 0.5) == ColorScale.color(0.5, baseline: 0.5),
            "below the baseline is the baseline's color")
        #expect(ColorScale.textColor(on: ColorScale.color(1, baseline: 0.5)) == "#ffffff")
        #expect(ColorScale.textColor(on: ColorScale.color(0.5, baseline: 0.5)) == "#000000")
    }

    @Test func markupEscapesTextAndAttributes() {
        var m = Markup()
        m.element("p", [("title", "a \"b\" <c>")], text: "x < y & z")
        #expect(m.text == "<p title=\"a &quot;b&quot; &lt;c&gt;\">x &lt; y &amp; z</p>")
    }

    @Test func aChartHasATitleAxesAndOneLinePerSeries() throws {
        let chart = LineChart(
            title: "t", xLabel: "length", yLabel: "accuracy",
            series: [.init(name: "a", points: [(1, 0.5), (2, 0.7)]), .init(name: "b", points: [(1, 0.9), (2, 1)])],
            yDomain: 0...1, shaded: (0.5...1.5, "train"), reference: (0.5, "random")
        ).render()
        let doc = try XMLDocument(xmlString: chart)
        #expect(try doc.nodes(forXPath: "/svg/title").first?.stringValue == "t")
        #expect(try doc.nodes(forXPath: "//polyline").count == 2)
        #expect(try doc.nodes(forXPath: "//line[@class='reference']").count == 1)
        #expect(try doc.nodes(forXPath: "//rect[@class='shade']").count == 1)
        // Lines differ in dash pattern too, so they stay apart in grayscale.
        let dashes = try doc.nodes(forXPath: "//polyline").map {
            ($0 as? XMLElement)?.attribute(forName: "stroke-dasharray")?.stringValue ?? ""
        }
        #expect(Set(dashes).count == 2)
    }

    /// A tiny sweep's page: well-formed, one heatmap cell per task × machine holding the best
    /// score, one accuracy chart per task, a title on every chart, nothing fetched from anywhere.
    @Test func theReportOfASweepHasItsCellsAndCharts() throws {
        let tmp = try TemporaryDirectory("report")
        defer { tmp.remove() }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let out = tmp.url.appendingPathComponent("tiny")
        let r = try ReckonBinary.run([
            "sweep", "run", root.appendingPathComponent("examples/sweeps/tiny.yaml").path, "--out", out.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let page = tmp.url.appendingPathComponent("report.html")
        let written = try ReckonBinary.run([
            "report", out.path, "--out", page.path, "--compare", "published/deletang2023",
        ])
        #expect(written.status == 0, "\(written.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let doc = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
        let cells = try doc.nodes(forXPath: "//svg[@class='heatmap']//g[contains(@class, 'cell')]").compactMap {
            $0 as? XMLElement
        }
        #expect(cells.count == 4)
        let source = try ReportSource.read(out)
        for cell in cells {
            let task = try #require(cell.attribute(forName: "data-task")?.stringValue)
            let model = try #require(cell.attribute(forName: "data-model")?.stringValue)
            let best = try #require(source.best(task, model)?.score)
            #expect(cell.attribute(forName: "data-score")?.stringValue == String(format: "%.6f", best))
            let shown = try cell.nodes(forXPath: "text[@class='score']").first?.stringValue
            #expect(shown == String(format: "%.3f", best))
            let title = try cell.nodes(forXPath: "title").first?.stringValue ?? ""
            #expect(title.contains("2 run(s)"), "\(title)")
        }
        let charts = try doc.nodes(forXPath: "//svg[@class='chart']").compactMap { $0 as? XMLElement }
        for task in ["parity_check", "reverse_string"] {
            #expect(
                charts.filter { $0.attribute(forName: "aria-label")?.stringValue == "\(task): accuracy against length" }
                    .count == 1)
        }
        #expect(try doc.nodes(forXPath: "//svg[not(title)]").isEmpty, "every chart has a <title>")
        #expect(try doc.nodes(forXPath: "//script").isEmpty)
        for external in ["http:", "https:", "//", "src=", "url("] where external != "//" {
            #expect(!html.contains(external), "the page refers to something outside it: \(external)")
        }
        // Its only links are the cells' inspections, written beside it.
        let links = try doc.nodes(forXPath: "//a/@href").compactMap(\.stringValue)
        #expect(links.count == 4 && links.allSatisfy { $0.hasPrefix("inspections/") }, "\(links)")
        for link in links {
            #expect(
                FileManager.default.fileExists(
                    atPath: page.deletingLastPathComponent().appendingPathComponent(link).path), "\(link)")
        }
        #expect(html.contains("Delétang et al."))
        #expect(html.utf8.count < 200_000)
    }

    @Test func theReportOfOneRunHasItsCurves() throws {
        let tmp = try TemporaryDirectory("report-run")
        defer { tmp.remove() }
        let run = tmp.url.appendingPathComponent("run")
        let trained = try ReckonBinary.run([
            "train", "--task", "parity_check", "--model", "lstm", "--steps", "30", "--batch-size", "8",
            "--train-length", "5", "--eval-max-length", "10", "--eval-samples", "8",
            "--set", "hidden_size=8", "--out", run.path, "--quiet",
        ])
        #expect(trained.status == 0, "\(trained.stderr)")
        let r = try ReckonBinary.run(["report", run.path])
        #expect(r.status == 0 && r.stdout.contains("report.html"), "\(r.stderr)")
        let html = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        let doc = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
        #expect(try doc.nodes(forXPath: "//svg[@class='chart']").count == 2)
        #expect(try doc.nodes(forXPath: "//svg[@class='chart']//polyline").count == 2)
        let bad = try ReckonBinary.run(["report", tmp.url.appendingPathComponent("none").path])
        #expect(bad.status == 2 && bad.stderr.contains("does not exist"))
    }
}
