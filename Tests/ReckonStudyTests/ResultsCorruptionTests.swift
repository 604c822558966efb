import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// Issue 25 #7: the results database is always rebuilt from the run folders; a run whose files do
/// not hold a sound result is listed as corrupt, with the reason, and the others are indexed.
@Suite struct ResultsCorruptionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func replace(_ url: URL, _ edit: (String) -> String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = edit(text)
        #expect(edited != text, "the edit of \(url.lastPathComponent) changed nothing")
        try Data(edited.utf8).write(to: url)
    }

    /// `results`, `status` and `sweep index` failed with "SQLite error 19: NOT NULL constraint failed:
    /// eval.accuracy" for one `nan` in one run's eval.csv. Here four runs are spoilt four ways.
    @Test func oneNanInOneRunsEvalCsvBlocksTheWholeSweep() throws {
        let tmp = try TemporaryDirectory("sweep-corrupt")
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("tiny")
        let r = try ReckonBinary.run([
            "sweep", "run", Self.root.appendingPathComponent("examples/sweeps/tiny.yaml").path, "--out", out.path,
            "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let directory = SweepDirectory(out)
        let ids = try directory.manifest().runs.map(\.id)
        let folder = { (i: Int) in RunFolder(url: directory.runURL(ids[i])) }
        // 0: the issue's nan; 1: a length twice (the eval table's primary key); 2: a score of 1e308;
        // 3: a training accuracy of 7.
        try Self.replace(folder(0).evalURL) { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var fields = lines[3].split(separator: ",").map(String.init)
            fields[1] = "nan"
            lines[3] = fields.joined(separator: ",")
            return lines.joined(separator: "\n")
        }
        try Self.replace(folder(1).evalURL) { text in
            let lines = text.split(separator: "\n").map(String.init)
            return (lines + [lines[2]]).joined(separator: "\n") + "\n"
        }
        try Self.replace(folder(2).summaryURL) { text in
            text.replacingOccurrences(
                of: #""score" : [0-9.e-]+"#, with: "\"score\" : 1e308", options: .regularExpression)
        }
        try Self.replace(folder(3).metricsURL) { text in
            text.replacingOccurrences(of: #""accuracy":[0-9.e-]+"#, with: "\"accuracy\":7", options: .regularExpression)
        }
        let reasons = [
            "eval.csv: accuracy at length 3 is nan, not a number in 0...1",
            "eval.csv: length 2 is repeated or outside the run's lengths 0...20",
            "summary.json: 'score' is 1e+308, but an accuracy is a number from 0 to 1",
            "metrics.jsonl: accuracy 7.0 at step",
        ]

        let results = try ReckonBinary.run(["results", out.path, "--format", "csv"])
        #expect(results.status == 0, "\(results.stderr)")
        #expect(
            results.stderr
                == "warning: 4 run(s) left out, their files are corrupt; `reckon sweep status` says why\n")
        let counted = results.stdout.split(separator: "\n").dropFirst().map {
            Int($0.split(separator: ",")[2]) ?? -1
        }
        #expect(counted.reduce(0, +) == 4)

        let status = try ReckonBinary.run(["sweep", "status", out.path])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("8 runs: 4 done, 0 started and unfinished, 0 failed, 0 pending, 4 corrupt"))
        for (i, reason) in reasons.enumerated() {
            #expect(status.stdout.contains("corrupt: \(ids[i]): \(reason)"), "\(status.stdout)")
        }

        let index = try ReckonBinary.run(["sweep", "index", out.path])
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.hasPrefix("indexed 8 runs into \(directory.databaseURL.path); 4 corrupt\n"))

        // Nothing of a corrupt run reaches the tables; every other run is there in full.
        let database = try ResultsDatabase(directory)
        let rows = try database.runs()
        #expect(rows.prefix(4).allSatisfy { $0.state == .corrupt && $0.score == nil })
        #expect(rows.dropFirst(4).allSatisfy { $0.state == .finished && $0.score != nil })
        for (i, id) in ids.enumerated() {
            #expect(try database.evaluation(runID: id).count == (i < 4 ? 0 : 20))
            #expect(try database.metrics(runID: id).isEmpty == (i < 4))
        }
        // Mending a file brings the run back at the next sync.
        try Self.replace(folder(0).evalURL) { $0.replacingOccurrences(of: ",nan,", with: ",0.500000,") }
        try database.sync(directory, manifest: try directory.manifest())
        #expect(try database.runs()[0].state == .finished)
    }
}
