import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// The report in a real browser: headless Chromium renders it to a PNG and dumps its DOM
/// (`make test-browser` runs this with RECKON_CHROMIUM=1; .ci/run installs Chromium).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RECKON_CHROMIUM"] == "1"))
struct BrowserTests {
    static func chromium(_ arguments: [String]) throws -> (status: Int32, output: Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data)
    }

    /// Width and height from a PNG's IHDR chunk, after checking the signature.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func be32(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    /// Chromium screenshots `page` and an empty page at 1200×1800: the page's PNG has that size and
    /// compresses far worse than the empty one's (a rendered page is not blank).
    static func expectScreenshotRendered(_ page: URL, in dir: URL) throws {
        let shot = dir.appendingPathComponent("report.png")
        let blankShot = dir.appendingPathComponent("blank.png")
        let blank = dir.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blank)
        for (file, png) in [(page, shot), (blank, blankShot)] {
            let r = try chromium(["--window-size=1200,1800", "--screenshot=\(png.path)", file.absoluteString])
            #expect(r.status == 0)
        }
        let image = try Data(contentsOf: shot)
        let size = try #require(pngSize(image), "not a PNG")
        #expect(size == (1200, 1800))
        let empty = try Data(contentsOf: blankShot)
        #expect(image.count > 10 * empty.count, "report \(image.count) bytes, blank page \(empty.count) bytes")
    }

    /// One cell label as Chromium drew it: its text, its ink and its cell's background, as computed styles.
    struct Label: Decodable {
        var text: String
        var ink: String
        var background: String
    }

    /// `rgb(r, g, b)`, as getComputedStyle writes an opaque color, as #rrggbb (nil for anything else:
    /// `none`, a translucent `rgba(...)`, a gradient).
    static func hex(computed: String) -> String? {
        guard computed.hasPrefix("rgb("), computed.hasSuffix(")") else { return nil }
        let channels = computed.dropFirst(4).dropLast().split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard channels.count == 3, channels.allSatisfy({ (0...255).contains($0) }) else { return nil }
        return "#" + channels.map { String(format: "%02x", $0) }.joined()
    }

    /// Every cell label on `page` is legible as Chromium draws it: for each element matching `cellSelector`
    /// and each element under it matching `labelSelector` (the cell itself when nil, e.g. a table's `td`), the
    /// label's computed ink (`fill` for SVG text, `color` otherwise) has a WCAG 2.x contrast ratio of at least
    /// 4.5 with the cell's computed background: the `fill` of the cell's first `rect`, or else the first opaque
    /// `background-color` of the cell or its ancestors (white, the canvas, when none has one). There must be at
    /// least one label. Computed styles, not attributes, because a stylesheet rule outranks an SVG `fill`
    /// attribute. A copy of the page beside it gets a script that writes what it reads into
    /// `<pre id="contrast-probe">`, and `--dump-dom` brings that back. Returns the labels it read.
    @discardableResult
    static func expectReadableCellLabels(page: URL, cellSelector: String, labelSelector: String?) throws -> [Label] {
        let selectors = String(decoding: try JSONEncoder().encode([cellSelector, labelSelector]), as: UTF8.self)
        let script = """
            <script>
            (function () {
              var selectors = \(selectors), rows = [];
              function background(cell) {
                var rect = cell.querySelector('rect');
                if (rect) return getComputedStyle(rect).fill;
                for (var e = cell; e; e = e.parentElement) {
                  var color = getComputedStyle(e).backgroundColor;
                  if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
                }
                return 'rgb(255, 255, 255)';
              }
              document.querySelectorAll(selectors[0]).forEach(function (cell) {
                var back = background(cell);
                var labels = selectors[1] === null ? [cell] : cell.querySelectorAll(selectors[1]);
                labels.forEach(function (label) {
                  var style = getComputedStyle(label);
                  var ink = label instanceof SVGElement ? style.fill : style.color;
                  rows.push({text: label.textContent, ink: ink, background: back});
                });
              });
              var probe = document.createElement('pre');
              probe.id = 'contrast-probe';
              probe.textContent = JSON.stringify(rows);
              document.body.appendChild(probe);
            })();
            </script>
            """
        let html = try String(contentsOf: page, encoding: .utf8)
        let end = try #require(html.range(of: "</body>", options: .backwards), "\(page.path) has no </body>")
        let probe = page.deletingLastPathComponent().appendingPathComponent("contrast-probe.html")
        try Data(html.replacingCharacters(in: end, with: script + "</body>").utf8).write(to: probe)
        defer { try? FileManager.default.removeItem(at: probe) }

        let r = try chromium(["--dump-dom", probe.absoluteString])
        #expect(r.status == 0)
        let dom = String(decoding: r.output, as: UTF8.self)
        let open = try #require(dom.range(of: "<pre id=\"contrast-probe\">"), "the probe script did not run")
        let close = try #require(dom.range(of: "</pre>", range: open.upperBound..<dom.endIndex))
        let json = dom[open.upperBound..<close.lowerBound].replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let labels = try JSONDecoder().decode([Label].self, from: Data(json.utf8))
        #expect(!labels.isEmpty, "no '\(cellSelector)' \(labelSelector ?? "") label in \(page.lastPathComponent)")
        for label in labels {
            guard let ink = hex(computed: label.ink), let background = hex(computed: label.background) else {
                Issue.record("'\(label.text)': ink \(label.ink) on \(label.background) is not two opaque colors")
                continue
            }
            let ratio = ColorScale.contrastRatio(ink, background)
            #expect(ratio >= 4.5, "'\(label.text)': \(ink) on \(background) has contrast \(ratio)")
        }
        return labels
    }

    @Test func chromiumRendersTheReport() throws {
        let tmp = try TemporaryDirectory("browser")
        defer { tmp.remove() }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let sweep = tmp.url.appendingPathComponent("tiny")
        #expect(
            try ReckonBinary.run([
                "sweep", "run", root.appendingPathComponent("examples/sweeps/tiny.yaml").path,
                "--out", sweep.path, "--quiet",
            ]).status == 0)
        let page = sweep.appendingPathComponent("report.html")
        #expect(try ReckonBinary.run(["report", sweep.path, "--compare", "published/deletang2023"]).status == 0)

        try Self.expectScreenshotRendered(page, in: tmp.url)

        let dom = String(decoding: try Self.chromium(["--dump-dom", page.absoluteString]).output, as: UTF8.self)
        #expect(dom.contains("class=\"heatmap\""))
        #expect(dom.components(separatedBy: "<svg").count - 1 == 1 + 2 * 2, "heatmap plus two charts per task")
        #expect(dom.components(separatedBy: "<polyline").count - 1 >= 4)
        #expect(dom.contains("parity_check: accuracy against length"))

        let labels = try Self.expectReadableCellLabels(
            page: page, cellSelector: ".heatmap .cell", labelSelector: "text")
        #expect(labels.count == 2 * dom.components(separatedBy: "class=\"cell").count - 2, "a score and a median")
        // The tables' cells, the published comparison's highlighted ones (`differs`) among them.
        try Self.expectReadableCellLabels(page: page, cellSelector: "td, th", labelSelector: nil)
    }

    /// The report's stylesheet around a heatmap that spans the whole color scale (the tiny sweep's cells are
    /// all light): Chromium draws every score and median in an ink that contrasts ≥ 4.5 with its cell. Before
    /// the labels carried their ink as an inline style, `svg text{fill:#111}` drew them all #111, 1.2 on the
    /// darkest cell.
    @Test func chromiumDrawsEveryHeatmapLabelReadably() throws {
        let tmp = try TemporaryDirectory("browser-contrast")
        defer { tmp.remove() }
        let table = ContrastTests.tableAcrossTheScale()
        var m = Markup()
        m.raw("<!DOCTYPE html>\n")
        m.element("html", [("lang", "en")]) { m in
            m.element("head") { m in
                m.empty("meta", [("charset", "utf-8")])
                m.element("style") { $0.raw(HTMLReport.style) }
            }
            m.element("body") { m in m.raw(Heatmap(table: table).render()) }
        }
        let page = tmp.url.appendingPathComponent("heatmap.html")
        try Data(m.text.utf8).write(to: page)
        let labels = try Self.expectReadableCellLabels(
            page: page, cellSelector: ".heatmap .cell", labelSelector: "text")
        #expect(labels.count == 2 * table.cells.count, "a score and a median")
        #expect(labels.contains { $0.ink == "rgb(255, 255, 255)" }, "the dark cells' labels are white")
    }

    /// `page` with a script that writes `expression`'s value into `<pre id="style-probe">`, as Chromium
    /// computes it (`--dump-dom` brings it back).
    static func evaluate(_ expression: String, on page: URL) throws -> String {
        let html = try String(contentsOf: page, encoding: .utf8)
        let end = try #require(html.range(of: "</body>", options: .backwards), "\(page.path) has no </body>")
        let script =
            "<script>var p = document.createElement('pre'); p.id = 'style-probe'; "
            + "p.textContent = \(expression); document.body.appendChild(p);</script>"
        let probe = page.deletingLastPathComponent().appendingPathComponent("style-probe.html")
        try Data(html.replacingCharacters(in: end, with: script + "</body>").utf8).write(to: probe)
        defer { try? FileManager.default.removeItem(at: probe) }
        let dom = String(decoding: try chromium(["--dump-dom", probe.absoluteString]).output, as: UTF8.self)
        let open = try #require(dom.range(of: "<pre id=\"style-probe\">"), "the probe script did not run")
        let close = try #require(dom.range(of: "</pre>", range: open.upperBound..<dom.endIndex))
        return dom[open.upperBound..<close.lowerBound].replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `reckon inspect` on a tiny stack_rnn (issue 29): the page renders, every value printed in its
    /// heatmaps (five typed symbols leave room for them) is drawn in an ink that contrasts ≥ 4.5 with
    /// its cell, and its stylesheet applies (an escaped `"Segoe UI"` once dropped the font list).
    /// `reckon extract` on a tiny rnn: its page renders with both automata.
    @Test func chromiumRendersInspectionAndExtractionPages() throws {
        let tmp = try TemporaryDirectory("browser-inspect")
        defer { tmp.remove() }
        func train(_ task: String, _ model: String, _ settings: [String]) throws -> URL {
            let run = tmp.url.appendingPathComponent(model)
            let r = try ReckonBinary.run(
                [
                    "train", "--task", task, "--model", model, "--steps", "20", "--batch-size", "8",
                    "--train-length", "6", "--eval-max-length", "8", "--eval-samples", "4", "--out", run.path,
                    "--quiet",
                ] + settings.flatMap { ["--set", $0] })
            try #require(r.status == 0, "\(r.stderr)")
            return run
        }
        let stack = try train("reverse_string", "stack_rnn", ["hidden_size=8", "stack_size=16"])
        let inspected = try ReckonBinary.run(["inspect", stack.path, "--input", "0 1 1 0 1"])
        try #require(inspected.status == 0, "\(inspected.stderr)")
        let page = stack.appendingPathComponent("inspection.html")
        let shots = tmp.url.appendingPathComponent("inspection-shots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        try Self.expectScreenshotRendered(page, in: shots)
        let html = try String(contentsOf: page, encoding: .utf8)
        let printed = html.components(separatedBy: "class=\"value\"").count - 1
        #expect(printed >= 3 * 9, "the stack actions' values at least")
        let labels = try Self.expectReadableCellLabels(
            page: page, cellSelector: "svg.trace-heatmap g.cell", labelSelector: "text.value")
        #expect(labels.count == printed)
        let font = try Self.evaluate("getComputedStyle(document.body).fontFamily", on: page)
        #expect(font.contains("\"Segoe UI\"") && font.hasSuffix("sans-serif"), "\(font)")

        let rnn = try train("parity_check", "rnn", ["hidden_size=8"])
        let extracted = try ReckonBinary.run([
            "extract", rnn.path, "--samples", "100", "--held-out", "20", "--max-clusters", "3", "--max-length", "10",
            "--per-length", "4",
        ])
        try #require(extracted.status == 0, "\(extracted.stderr)")
        let extraction = rnn.appendingPathComponent("extraction.html")
        try Self.expectScreenshotRendered(extraction, in: tmp.url)
        let dom = String(
            decoding: try Self.chromium(["--dump-dom", extraction.absoluteString]).output, as: UTF8.self)
        #expect(dom.components(separatedBy: "class=\"automaton\"").count - 1 == 2)
        #expect(dom.contains("id=\"verdict\""))
        try Self.expectReadableCellLabels(page: extraction, cellSelector: "td, th", labelSelector: nil)
    }

    /// A table run's page (issue 28): its log-axis charts with the memorization and grokking markers and the
    /// spectrum's bars render, and the DOM says the run has no length axis.
    @Test func chromiumRendersATableRunsPage() throws {
        let tmp = try TemporaryDirectory("browser-table")
        defer { tmp.remove() }
        let run = tmp.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try TableRunFixture().write(RunFolder(url: run), config: try TableRunFixture.config())
        #expect(try ReckonBinary.run(["report", run.path]).status == 0)
        let page = run.appendingPathComponent("report.html")

        try Self.expectScreenshotRendered(page, in: tmp.url)

        let dom = String(decoding: try Self.chromium(["--dump-dom", page.absoluteString]).output, as: UTF8.self)
        #expect(dom.contains("evaluated on held-out entries of the table and has no length axis"))
        #expect(dom.contains("parity_check: accuracy against step (log scale)"))
        #expect(!dom.contains("accuracy against length"))
        // Accuracy, loss, weight norm, Gini, spectrum and the training loss.
        #expect(dom.components(separatedBy: "<svg").count - 1 == 6)
        #expect(dom.components(separatedBy: "class=\"marker\"").count - 1 == 8, "two markers on four charts")
        #expect(dom.contains("grokked at 3000") && dom.contains("memorized at 300"))
        #expect(dom.components(separatedBy: "class=\"bar\"").count - 1 == 15)
        try Self.expectReadableCellLabels(page: page, cellSelector: "td, th", labelSelector: nil)
    }

    /// A folder of prediction runs (ctw and a small lstm on markov_source): the bits-and-regret table and
    /// the cumulative regret against position, rendered.
    @Test func chromiumRendersPredictionRuns() throws {
        let tmp = try TemporaryDirectory("browser-prediction")
        defer { tmp.remove() }
        let runs = tmp.url.appendingPathComponent("runs")
        for (model, settings) in [("ctw", ["--steps", "1"]), ("lstm", ["--steps", "30", "--set", "hidden_size=8"])] {
            let r = try ReckonBinary.run(
                [
                    "train", "--task", "markov_source", "--model", model, "--train-length", "32", "--eval-max-length",
                    "96", "--eval-samples", "16", "--batch-size", "8", "--out", runs.appendingPathComponent(model).path,
                    "--quiet",
                ] + settings)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try ReckonBinary.run(["report", runs.path]).status == 0)
        let page = runs.appendingPathComponent("report.html")
        try Self.expectScreenshotRendered(page, in: tmp.url)
        let dom = String(decoding: try Self.chromium(["--dump-dom", page.absoluteString]).output, as: UTF8.self)
        #expect(dom.contains("Next-symbol prediction: bits and regret"))
        #expect(dom.contains("markov_source: cumulative regret against position"))
        #expect(dom.contains("markov_source: bits per symbol over the first n"))
        #expect(dom.contains("regret/symbol 33–96"))
        try Self.expectReadableCellLabels(page: page, cellSelector: "td, th", labelSelector: nil)
    }
}
