import Foundation
import GRDB
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Table runs (issue 28) in the report and the results database: log-scaled step axes with the
/// memorization and grokking steps marked, the held-out measures stored per run and per step, and the
/// grokking step in `reckon results`.
@Suite struct TableRunReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func elements(_ node: XMLNode, _ xpath: String) throws -> [XMLElement] {
        try node.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    static func attribute(_ e: XMLElement, _ name: String) -> String? { e.attribute(forName: name)?.stringValue }

    @Test func aLogScaleSpacesDecadesEvenly() {
        let x = LogScale(domain: 10...10_000, range: 0...300)
        #expect(abs(x(10)) < 1e-9 && abs(x(100) - 100) < 1e-9 && abs(x(1000) - 200) < 1e-9)
        #expect(x.ticks() == [10, 100, 1000, 10_000])
        // Less than a decade: 1, 2 and 5 times the powers of ten inside it.
        #expect(LogScale(domain: 200...900, range: 0...1).ticks() == [200, 500])
        let y = LogScale(domain: 1e-4...1, range: 0...100, flipped: true)
        #expect(abs(y(1)) < 1e-9 && abs(y(1e-4) - 100) < 1e-9)
        #expect(y(0) == y(1e-12), "zero has no place on a log axis: it sits at the floor")
        #expect(abs(LogScale(domain: 5...5, range: 0...10)(5) - 5) < 1e-9, "a single value sits in the middle")
        #expect(LogScale.label(10_000) == "10k" && LogScale.label(300) == "300")
        #expect(LogScale.label(0.01) == "0.01" && LogScale.label(1e-5) == "1e-05")
    }

    @Test func aChartTakesLogAxesMarkersAndBars() throws {
        let chart = LineChart(
            title: "t", xLabel: "step", yLabel: "loss",
            series: [.init(name: "a", points: [(0, 1), (10, 1), (100, 0.1), (1000, 0.001), (2000, 0)])],
            markers: [.init(x: 30, label: "memorized at 30"), .init(x: 0, label: "not on a log axis")],
            xLog: true, yLog: true
        ).render()
        let doc = try XMLDocument(xmlString: chart)
        let line = try #require(try Self.elements(doc, "//polyline").first)
        #expect(Self.attribute(line, "points")?.split(separator: " ").count == 3, "x = 0 and y = 0 are left out")
        let markers = try Self.elements(doc, "//g[@class='marker']")
        #expect(markers.map { Self.attribute($0, "data-x") } == ["30"])
        #expect(markers.first?.stringValue == "memorized at 30")
        let ticks = try Self.elements(doc, "//text[@class='tick']").compactMap(\.stringValue)
        #expect(ticks.contains("100") && ticks.contains("1000") && ticks.contains("0.01"), "\(ticks)")

        let bars = try XMLDocument(
            xmlString: LineChart(
                title: "spectrum", xLabel: "k", yLabel: "norm",
                series: [.init(name: "norm", points: [(1, 0.5), (2, 3), (3, 0.2)], bars: true)], yDomain: 0...3
            ).render())
        #expect(try Self.elements(bars, "//rect[@class='bar']").count == 3)
        #expect(try Self.elements(bars, "//polyline").isEmpty)
    }

    /// One table run's page: the statement, the accuracy chart on a log step axis with both steps marked, the
    /// loss, weight norm and Gini charts, the spectrum's bars, the measures' table; no length chart.
    @Test func theReportOfATableRunShowsWhenItMemorizedAndGrokked() throws {
        let tmp = try TemporaryDirectory("report-table")
        defer { tmp.remove() }
        let run = tmp.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let summary = try TableRunFixture().write(RunFolder(url: run), config: try TableRunFixture.config())
        let held = try #require(summary.heldOut)
        #expect(held.memorizationStep == 300 && held.grokkingStep == 3000)
        #expect(summary.evaluationAxis == "held_out_entries")

        let r = try ReckonBinary.run(["report", run.path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        let doc = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
        let statement = try #require(try Self.elements(doc, "//p[@class='held-out-statement']").first?.stringValue)
        #expect(statement.contains("evaluated on held-out entries of the table and has no length axis"))
        #expect(statement.contains("288 entries were trained on and 673 held out"))

        let charts = try Self.elements(doc, "//svg[@class='chart']")
        func chart(_ label: String) throws -> XMLElement {
            try #require(charts.first { Self.attribute($0, "aria-label") == "parity_check: \(label)" }, "\(label)")
        }
        #expect(!charts.contains { Self.attribute($0, "aria-label")?.contains("against length") == true })
        let accuracy = try chart("accuracy against step (log scale)")
        let markers = try Self.elements(accuracy, ".//g[@class='marker']")
        #expect(markers.map { Self.attribute($0, "data-x") } == ["300", "3000"])
        #expect(markers.map(\.stringValue) == ["memorized at 300", "grokked at 3000"])
        #expect(try Self.elements(accuracy, ".//polyline").count == 2)
        // A log axis: the decades' ticks, 100 and 1000, stand as far apart as 1000 and 10000 would.
        let ticks = try Self.elements(accuracy, ".//text[@class='tick' and @text-anchor='middle']")
        var x: [String: Double] = [:]
        for t in ticks { if let label = t.stringValue { x[label] = Self.attribute(t, "x").flatMap(Double.init) } }
        let (x100, x1000) = (try #require(x["100"]), try #require(x["1000"]))
        let (left, right) = (56.0, 640.0 - 150)
        #expect(abs((x1000 - x100) - (right - left) / log10(5000.0 / 100)) < 0.02, "\(x)")

        let loss = try chart("loss against step (log scales)")
        #expect(try Self.elements(loss, ".//g[@class='marker']").count == 2)
        let lossTicks = try Self.elements(loss, ".//text[@class='tick' and @text-anchor='end']").compactMap(
            \.stringValue)
        #expect(lossTicks.contains("0.01") && lossTicks.contains("1"), "a log y axis: \(lossTicks)")
        #expect(try Self.elements(try chart("weight norm against step"), ".//polyline").count == 1)
        let gini = try chart("Fourier Gini coefficient against step")
        #expect(try Self.elements(gini, ".//g[@class='marker']").count == 2)
        let spectrum = try chart("embedding norm per Fourier frequency (end)")
        #expect(try Self.elements(spectrum, ".//rect[@class='bar']").count == 15)
        let key = LineChart.style(1).color
        #expect(try Self.elements(spectrum, ".//rect[@class='bar' and @fill='\(key)']").count == 2, "7 and 3")

        var table: [String: String] = [:]
        for row in try Self.elements(doc, "//table[@class='held-out']//tr") {
            guard let key = try row.nodes(forXPath: "th").first?.stringValue else { continue }
            table[key] = try row.nodes(forXPath: "td").first?.stringValue
        }
        #expect(table["memorization step"]?.hasPrefix("300") == true)
        #expect(table["grokking step"]?.hasPrefix("3000") == true)
        #expect(table["grokking / memorization"] == "10.00×")
        #expect(table["key frequencies at the end"] == "7, 3")
        #expect(table["final accuracy: train / held out"] == "1.0000 / 1.0000")
        #expect(html.contains("accuracy on the 673 held-out entries"))
        #expect(try doc.nodes(forXPath: "//svg[not(title)]").isEmpty, "every chart has a <title>")
    }

    /// Turns every run of a real tiny sweep into a table run (its config kept), each grokking at its own step.
    static func tableSweep(_ tmp: TemporaryDirectory) throws -> (SweepDirectory, SweepManifest, [String: Int?]) {
        let file = tmp.url.appendingPathComponent("table.yaml")
        try Data(
            """
            name: table
            base:
              task: parity_check
              model: lstm
              steps: 5
              batch_size: 4
              train_length: 3
              eval_max_length: 5
              eval_samples: 4
              checkpoint_every: 5
            axes:
              learning_rate: [0.001, 0.003]
              seed: [0, 1]
            """.utf8
        ).write(to: file)
        let out = tmp.url.appendingPathComponent("table")
        let r = try ReckonBinary.run(["sweep", "run", file.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let directory = SweepDirectory(out)
        let manifest = try directory.manifest()
        var grokking: [String: Int?] = [:]
        for (i, run) in manifest.runs.enumerated() {
            let grokAt: Int? = [3000, nil, 2000, 1200][i]
            try TableRunFixture(grokAt: grokAt).write(RunFolder(url: directory.runURL(run.id)))
            grokking[run.id] = grokAt
        }
        return (directory, manifest, grokking)
    }

    @Test func theDatabaseStoresATableRunsMeasures() throws {
        let tmp = try TemporaryDirectory("db-table")
        defer { tmp.remove() }
        let (directory, manifest, grokking) = try Self.tableSweep(tmp)
        let db = try ResultsDatabase(directory)
        try db.sync(directory, manifest: manifest)
        let rows = try db.runs()
        #expect(rows.count == 4)
        for row in rows {
            let summary = try RunFolder(url: directory.runURL(row.id)).readSummary()
            let held = try #require(summary.heldOut)
            #expect(row.state == .finished, "\(row.error ?? "")")
            #expect(row.evaluationAxis == "held_out_entries" && row.heldOutEntries)
            #expect(row.memorizationStep == 300)
            #expect(row.grokkingStep == grokking[row.id] ?? nil)
            #expect(row.finalTrainAccuracy == held.final.trainAccuracy)
            #expect(row.finalTestAccuracy == held.final.testAccuracy && row.score == held.final.testAccuracy)
            #expect(row.finalTrainLoss == held.final.trainLoss && row.finalTestLoss == held.final.testLoss)
            #expect(row.weightNorm == held.final.weightNorm)
            #expect(try db.evaluation(runID: row.id).map(\.length) == [3])
            let steps = try db.heldOut(runID: row.id)
            #expect(steps.count == 49 && steps.first?.step == 100 && steps.last?.step == 4900)
            let logged = TableRunFixture(grokAt: grokking[row.id] ?? nil).result(at: 4900)
            #expect(steps.last?.result.testAccuracy == logged.testAccuracy)
            #expect(steps.last?.result.weightNorm == logged.weightNorm)
            #expect(steps.last?.result.fourierGini == logged.fourierGini)
        }

        // `reckon results`: the grokking step in the cell, and columns of it in csv and json.
        let text = try ReckonBinary.run(["results", directory.url.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("grokked 3/4 at step 2000"), "\(text.stdout)")
        #expect(text.stdout.contains("table tasks (scored on held-out entries, no length axis)"))
        let csv = try ReckonBinary.run(["results", directory.url.path, "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix(",table_runs,grokked,grokking_step_median,grokking_step_min") == true)
        #expect(lines.last?.hasSuffix(",4,3,2000,1200") == true, "\(csv.stdout)")
        let json = try ReckonBinary.run(["results", directory.url.path, "--format", "json"])
        let cells = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect((cells.first?["grokking_steps"] as? [Int]).map(Set.init) == [3000, 2000, 1200])
        // Best of seeds: a column per learning rate, each with its seeds' grokking steps.
        let best = try ReckonBinary.run(["results", directory.url.path, "--aggregate", "best"])
        for rate in [0.001, 0.003] {
            let steps = manifest.runs.filter { $0.config.learningRate == rate }.compactMap { grokking[$0.id] ?? nil }
            let median = ResultsTable.Cell.median(steps.map(Double.init)).map(ResultsTable.step) ?? ""
            #expect(best.stdout.contains("grokked \(steps.count)/2 at step \(median)"), "\(best.stdout)")
        }

        // The sweep's page: a table of the grokking step per run, the setting that differs as a column.
        let page = tmp.url.appendingPathComponent("report.html")
        let written = try ReckonBinary.run(["report", directory.url.path, "--out", page.path])
        #expect(written.status == 0, "\(written.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let doc = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
        let table = try #require(try Self.elements(doc, "//table[@class='grokking']").first)
        let header = try Self.elements(table, ".//th").compactMap(\.stringValue)
        #expect(header.contains("learning_rate") && header.contains("grokked") && !header.contains("batch_size"))
        let shown = try Self.elements(table, ".//tr[@data-grokking-step]").map {
            Self.attribute($0, "data-grokking-step")
        }
        #expect(shown == manifest.runs.map { run in (grokking[run.id] ?? nil).map(String.init) ?? "" })
        #expect(html.contains("A table task is evaluated on held-out entries of the table and has no length axis"))
        let labels = try Self.elements(doc, "//svg[@class='chart']").compactMap { Self.attribute($0, "aria-label") }
        #expect(labels.contains("parity_check: held-out accuracy against step (log scale)"))
        #expect(!labels.contains("parity_check: accuracy against length"))
    }

    /// A database written before table runs gains their columns and is re-read at the next sync.
    @Test func anOldDatabaseGainsTheHeldOutColumns() throws {
        let tmp = try TemporaryDirectory("db-migration-table")
        defer { tmp.remove() }
        let queue = try DatabaseQueue(path: tmp.url.appendingPathComponent("results.sqlite").path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, scaled_score REAL);
                    INSERT INTO runs (id, fingerprint) VALUES ('a', '1@2');
                    """)
            try ResultsDatabase.addHeldOutColumns(db)
            let names = try db.columns(in: "runs").map(\.name)
            #expect(ResultsDatabase.heldOutColumns.allSatisfy { names.contains($0.name) })
            #expect(try String.fetchOne(db, sql: "SELECT fingerprint FROM runs") == "")
            try db.execute(sql: "UPDATE runs SET fingerprint = '3@4'")
            try ResultsDatabase.addHeldOutColumns(db)
            #expect(try String.fetchOne(db, sql: "SELECT fingerprint FROM runs") == "3@4")
        }
    }
}
