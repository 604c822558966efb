import Foundation
import GRDB
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Scaled accuracy in `reckon results`, the results database and the report, and the best of N seeds.
@Suite struct ScaledResultsTests {
    /// A results row made up for the table.
    struct Entry: ResultEntry {
        var task = "parity_check"
        var model = "deltanet"
        var seed = 0
        var state = RunState.finished
        var score: Double?
        var scaledScore: Double?
        var randomBaseline: Double? = 0.5
        var configuration: [String: String] = ["learning_rate": "0.001"]
        var settingNames: [String] { Array(configuration.keys) }
        func value(of name: String) -> String? {
            switch name {
            case "task": return task
            case "model": return model
            case "seed": return String(seed)
            default: return configuration[name]
            }
        }
    }

    static func entries() -> [any ResultEntry] {
        var rows: [any ResultEntry] = []
        // Two eigenvalue ranges of one machine, three seeds each; the second range's last seed failed.
        let scores: [(String, [Double?])] = [("0_1", [0.5, 0.52, 0.4]), ("minus1_1", [1, 0.9, nil])]
        for (range, values) in scores {
            for (seed, score) in values.enumerated() {
                rows.append(
                    Entry(
                        seed: seed, state: score == nil ? .failed : .finished, score: score,
                        scaledScore: score.map { ScaledAccuracy.scaled($0, chance: 0.5) },
                        configuration: ["learning_rate": "0.001", "eigenvalue_range": range]))
            }
        }
        // Another machine whose runs differ only by seed keeps its plain name.
        rows.append(Entry(model: "lstm", seed: 0, score: 0.75, scaledScore: 0.5))
        rows.append(Entry(model: "lstm", seed: 1, score: 0.95, scaledScore: 0.9))
        return rows
    }

    @Test func bestOfSeedsSplitsConfigurationsAndTakesTheBestSeed() throws {
        let table = try ResultsTable.build(Self.entries(), aggregate: .best, filters: [])
        #expect(table.models == ["deltanet eigenvalue_range=0_1", "deltanet eigenvalue_range=minus1_1", "lstm"])
        let low = try #require(table.cell("parity_check", "deltanet eigenvalue_range=0_1"))
        #expect(low.runs == 3 && low.failed == 0)
        #expect(low.value(.best) == 0.52)
        #expect(abs((low.scaledValue(.best) ?? -1) - 0.04) < 1e-12)
        #expect(low.scaledScores.contains(0), "0.4 is below chance: clipped to 0")
        let high = try #require(table.cell("parity_check", "deltanet eigenvalue_range=minus1_1"))
        #expect(high.runs == 2 && high.failed == 1 && high.scaledValue(.best) == 1)
        #expect(table.cell("parity_check", "lstm")?.scaledValue(.best) == 0.9)

        let text = table.render(.table)
        #expect(text.contains("best / median (N seeds)"), "\(text)")
        #expect(text.contains("1.000 / 0.950 (2) scaled 1.000 1 failed"), "\(text)")
        let csv = table.render(.csv).split(separator: "\n").map(String.init)
        #expect(csv[0].hasSuffix(",random_baseline,scaled_value,scaled_max,scaled_median,scaled_mean"))
        #expect(
            csv.contains(
                "parity_check,lstm,2,0,best,0.950000,0.950000,0.850000,0.850000,0.500000,"
                    + "0.900000,0.900000,0.700000,0.700000"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(table.render(.json).utf8)) as? [[String: Any]])
        #expect(json.first { $0["model"] as? String == "lstm" }?["scaled_value"] as? Double == 0.9)

        // Aggregated `max`, the machine is one column again, as before: the best of every run.
        let plain = try ResultsTable.build(Self.entries(), aggregate: .max, filters: [])
        #expect(plain.models == ["deltanet", "lstm"])
        #expect(plain.cell("parity_check", "deltanet")?.runs == 5)
        #expect(plain.cell("parity_check", "deltanet")?.scaledValue(.max) == 1)
        #expect(plain.render(.table).contains("max / median (finished runs) of the score"))
        // A filter leaves one configuration: nothing sets it apart, so the column is the machine's name.
        let one = try ResultsTable.build(Self.entries(), aggregate: .best, filters: ["eigenvalue_range=minus1_1"])
        #expect(one.models == ["deltanet"])
    }

    /// Tasks without a chance level show no scaled number, and their rows read as they did.
    @Test func aTaskWithoutAChanceLevelHasNoScaledColumnValues() throws {
        let rows: [any ResultEntry] = [Entry(task: "copy", model: "lstm", score: 0.5, randomBaseline: 1.0 / 256)]
        let table = try ResultsTable.build(rows, aggregate: .max, filters: [])
        #expect(table.render(.table).split(separator: "\n").last?.hasSuffix("0.500 / 0.500 (1)") == true)
        #expect(table.render(.csv).split(separator: "\n").last?.hasSuffix("0.003906,,,,") == true)
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A real sweep of one machine in two sizes and three seeds: `reckon results --aggregate best`, the
    /// database's `scaled_score` column (also in a database written before the column existed, from
    /// summaries written before the field existed) and the report's best-of-seeds table.
    @Test func aSweepsScaledScoresReachResultsTheDatabaseAndTheReport() throws {
        let tmp = try TemporaryDirectory("sweep-scaled")
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("scaled.yaml")
        try Data(
            """
            name: scaled
            base:
              task: parity_check
              model: lstm
              steps: 20
              batch_size: 8
              train_length: 5
              eval_max_length: 9
              eval_samples: 8
              checkpoint_every: 20
            axes:
              hidden_size: [4, 8]
              seed: [0, 1, 2]
            """.utf8
        ).write(to: file)
        let out = tmp.url.appendingPathComponent("scaled")
        let r = try ReckonBinary.run(["sweep", "run", file.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let directory = SweepDirectory(out)
        let manifest = try directory.manifest()
        var expected: [String: [Double]] = [:]
        for run in manifest.runs {
            let summary = try RunFolder(url: directory.runURL(run.id)).readSummary()
            let scaled = try #require(summary.scaledScore)
            #expect(scaled == ScaledAccuracy.scaled(try #require(summary.score), chance: 0.5))
            let size = try #require(run.config.machineSettings.values["hidden_size"]).description
            expected["lstm hidden_size=\(size)", default: []].append(scaled)
        }

        let csv = try ReckonBinary.run(["results", out.path, "--aggregate", "best", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(Set(rows.map { $0[1] }) == ["lstm hidden_size=4", "lstm hidden_size=8"])
        for row in rows {
            let seeds = try #require(expected[row[1]])
            #expect(Int(row[2]) == 3, "N = 3 seeds")
            #expect(abs(Double(row[10])! - seeds.max()!) < 2e-6, "best scaled of \(row[1])")
        }

        func stored() throws -> [Double?] {
            let queue = try DatabaseQueue(path: directory.databaseURL.path)
            defer { try? queue.close() }
            return try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT scaled_score FROM runs ORDER BY id").map { $0["scaled_score"] }
            }
        }
        let ids = manifest.runs.map(\.id).sorted()
        let byID = try ids.map { try RunFolder(url: directory.runURL($0)).readSummary().scaledScore }
        #expect(try stored() == byID)

        // The layout before `scaled_score`, and summaries without it: the column is added and filled.
        for id in ids {
            let url = RunFolder(url: directory.runURL(id)).summaryURL
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(text.split(separator: "\n").filter { !$0.contains("scaled") }.joined(separator: "\n").utf8)
                .write(to: url)
        }
        let queue = try DatabaseQueue(path: directory.databaseURL.path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE metrics; DROP TABLE eval; DROP TABLE settings; DROP TABLE runs;")
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY, sweep_index INTEGER NOT NULL, task TEXT NOT NULL, model TEXT NOT NULL,
                        seed INTEGER NOT NULL, learning_rate REAL NOT NULL, steps INTEGER NOT NULL,
                        batch_size INTEGER NOT NULL, train_length INTEGER NOT NULL, eval_max_length INTEGER NOT NULL,
                        eval_samples INTEGER NOT NULL, curriculum TEXT NOT NULL, protocol TEXT NOT NULL,
                        status TEXT NOT NULL, error TEXT, score REAL, train_accuracy REAL, random_baseline REAL,
                        bit_errors REAL, train_seconds REAL, eval_seconds REAL, steps_per_s REAL, blas_kernel TEXT,
                        reckon_version TEXT, fingerprint TEXT NOT NULL);
                    """)
        }
        try queue.close()
        let db = try ResultsDatabase(directory)
        // The row of every run was written by the old layout's writer in a real upgrade; here the rows are
        // gone, so sync reads every run: what is checked is the column and the numbers from old summaries.
        try db.sync(directory, manifest: manifest)
        #expect(try stored() == byID)
        #expect(try db.runs().allSatisfy { $0.scaledScore != nil })

        let page = tmp.url.appendingPathComponent("report.html")
        let written = try ReckonBinary.run(["report", out.path, "--out", page.path])
        #expect(written.status == 0, "\(written.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let doc = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
        let cells = try doc.nodes(forXPath: "//table[@class='best-of-seeds']//td[@data-scaled]").compactMap {
            $0 as? XMLElement
        }
        #expect(cells.count == 2)
        for cell in cells {
            let model = try #require(cell.attribute(forName: "data-model")?.stringValue)
            let best = try #require(expected[model]?.max())
            #expect(cell.attribute(forName: "data-scaled")?.stringValue == String(format: "%.3f", best))
            #expect(cell.stringValue?.hasSuffix("(3)") == true)
        }
        #expect(html.contains("Best of N seeds: score and scaled accuracy"))
    }

    /// A database whose rows were written before the column existed: it gains the column and every row is
    /// read again at the next sync (the fingerprints are emptied), so old sweeps get their scaled scores.
    @Test func anOldDatabaseGainsTheColumnAndIsReread() throws {
        let tmp = try TemporaryDirectory("db-migration")
        defer { tmp.remove() }
        let queue = try DatabaseQueue(path: tmp.url.appendingPathComponent("results.sqlite").path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
                    INSERT INTO runs (id, fingerprint) VALUES ('a', '1@2');
                    """)
            try ResultsDatabase.addScaledScore(db)
            #expect(try db.columns(in: "runs").map(\.name).contains("scaled_score"))
            #expect(try String.fetchOne(db, sql: "SELECT fingerprint FROM runs") == "")
            // Once migrated, nothing happens again.
            try db.execute(sql: "UPDATE runs SET fingerprint = '3@4'")
            try ResultsDatabase.addScaledScore(db)
            #expect(try String.fetchOne(db, sql: "SELECT fingerprint FROM runs") == "3@4")
        }
    }
}
