import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

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
    }
}
