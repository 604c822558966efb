import Foundation
import GRDB
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// `reckon score --into SWEEP_DIR`: predictions made outside Reckon join a sweep as an external run,
/// which the sweep's `reckon results`, database and report list beside its trained runs; a refusal is one
/// line, exit 2, with nothing in the sweep changed.
@Suite struct ExternalSweepRunTests {
    /// The sweep directory and dataset of one test: a one-run sweep of parity_check (lengths 1-5, evaluated
    /// to 9) and a parity_check dataset of the same lengths.
    struct Fixture {
        let tmp: TemporaryDirectory
        let sweep: URL
        let data: URL

        init() throws {
            tmp = try TemporaryDirectory("external-sweep")
            let file = tmp.url.appendingPathComponent("parity.yaml")
            try Data(
                """
                name: parity
                base:
                  task: parity_check
                  model: lstm
                  hidden_size: 4
                  steps: 20
                  batch_size: 8
                  train_length: 5
                  eval_max_length: 9
                  eval_samples: 8
                  checkpoint_every: 20
                """.utf8
            ).write(to: file)
            sweep = tmp.url.appendingPathComponent("sweep")
            let r = try ReckonBinary.run(["sweep", "run", file.path, "--out", sweep.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            data = try Self.export(tmp, "parity_check", name: "data")
        }

        static func export(_ tmp: TemporaryDirectory, _ task: String, name: String) throws -> URL {
            let out = tmp.url.appendingPathComponent(name)
            let r = try ReckonBinary.run([
                "dataset", "export", task, "--lengths", "1-9", "--samples", "8", "--train-lengths", "1-5",
                "--train-samples", "4", "--out", out.path,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            return out
        }

        /// Parity answered by a solver written here, one prediction per eval record of `data`.
        func solverPredictions(for data: URL) throws -> URL {
            let card =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: data.appendingPathComponent("dataset.json"))) as? [String: Any]
            let id = try #require(card?["dataset_id"] as? String)
            var text = ""
            for line in try String(contentsOf: data.appendingPathComponent("eval.jsonl"), encoding: .utf8)
                .split(separator: "\n")
            {
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let bits = try #require(record["input_ids"] as? [Int])
                let answer: [String: Any] = [
                    "dataset": id, "id": try #require(record["id"]), "tokens": [bits.reduce(0, +) % 2],
                ]
                text += String(decoding: try JSONSerialization.data(withJSONObject: answer), as: UTF8.self) + "\n"
            }
            let file = tmp.url.appendingPathComponent("predictions-\(data.lastPathComponent).jsonl")
            try Data(text.utf8).write(to: file)
            return file
        }

        /// Every path under the sweep with its size, to show a refusal changed nothing.
        func contents() -> [String] {
            let walker = FileManager.default.enumerator(atPath: sweep.path)
            var out: [String] = []
            while let path = walker?.nextObject() as? String {
                let size =
                    (try? FileManager.default.attributesOfItem(atPath: sweep.appendingPathComponent(path).path))?[
                        .size] as? NSNumber
                out.append("\(path) \(size?.intValue ?? -1)")
            }
            return out.sorted()
        }
    }

    @Test func scoredPredictionsJoinTheSweepsResultsDatabaseAndReport() throws {
        let f = try Fixture()
        defer { f.tmp.remove() }
        let predictions = try f.solverPredictions(for: f.data)
        let r = try ReckonBinary.run([
            "score", predictions.path, "--dataset", f.data.path, "--name", "solver", "--into", f.sweep.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        // The same model trained with another seed: its own folder, the same cell.
        let seeded = try ReckonBinary.run([
            "score", predictions.path, "--dataset", f.data.path, "--name", "solver", "--seed", "7", "--into",
            f.sweep.path,
        ])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let directory = SweepDirectory(f.sweep)
        let external = ExternalRuns.runs(in: directory)
        #expect(external.count == 2)
        let run = try #require(external.first)
        #expect(run.run.id.hasPrefix("external/solver-parity_check-s0-"))
        #expect(external.last?.run.id.hasPrefix("external/solver-s7-parity_check-s0-") == true)
        #expect(external.last?.run.config.seed == 7 && run.run.config.seed == 0)
        #expect(run.run.config.model == "solver (external)" && run.run.config.evalSamples == 8)
        #expect(try RunFolder(url: run.url).readSummary().score == 1)
        // The sweep's own runs are untouched: sweep.json still plans one run.
        #expect(try directory.manifest().runs.count == 1)

        // The database was brought up to date by `score`: every run, the external ones after the planned one.
        let queue = try DatabaseQueue(path: directory.databaseURL.path)
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, model, steps, learning_rate, score FROM runs ORDER BY sweep_index")
        }
        try queue.close()
        #expect(rows.count == 3)
        let last = try #require(rows.dropLast().last)
        let (id, model): (String, String) = (last["id"], last["model"])
        let (steps, rate, score): (Int, Double, Double) = (last["steps"], last["learning_rate"], last["score"])
        #expect(id == run.run.id && model == "solver (external)")
        #expect(steps == 0 && rate == 0 && score == 1)

        let csv = try ReckonBinary.run(["results", f.sweep.path, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let line = csv.stdout.split(separator: "\n").first { $0.hasPrefix("parity_check,solver (external),") }
        #expect(line?.split(separator: ",")[2...5].joined(separator: ",") == "2,0,max,1.000000", "\(csv.stdout)")
        #expect(csv.stdout.contains("parity_check,lstm,1,"), "\(csv.stdout)")

        // A rebuilt database has it too.
        let index = try ReckonBinary.run(["sweep", "index", f.sweep.path])
        #expect(index.stdout.hasPrefix("indexed 3 runs into"), "\(index.stdout)")
        #expect(index.stdout.contains("(2 external, from `reckon score --into`)"), "\(index.stdout)")

        // A removed external folder leaves the results with the next `results`, without a rebuild.
        try FileManager.default.removeItem(at: try #require(external.last).url)
        let fewer = try ReckonBinary.run(["results", f.sweep.path, "--format", "csv"])
        #expect(fewer.stdout.contains("parity_check,solver (external),1,0,max,1.000000"), "\(fewer.stdout)")

        let page = f.tmp.url.appendingPathComponent("report.html")
        let report = try ReckonBinary.run(["report", f.sweep.path, "--out", page.path, "--no-inspections"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("solver (external)"))
    }

    @Test func refusalsAreOneLineAndChangeNothing() throws {
        let f = try Fixture()
        defer { f.tmp.remove() }
        let predictions = try f.solverPredictions(for: f.data)
        #expect(
            try ReckonBinary.run([
                "score", predictions.path, "--dataset", f.data.path, "--name", "solver", "--into", f.sweep.path,
            ]).status == 0)
        let before = f.contents()
        let reverse = try Fixture.export(f.tmp, "reverse_string", name: "reverse")
        let notASweep = f.tmp.url.appendingPathComponent("data")
        let cases: [([String], String)] = [
            (
                ["score", predictions.path, "--dataset", f.data.path, "--name", "solver", "--into", f.sweep.path],
                "already holds 'solver'"
            ),
            (
                [
                    "score", predictions.path, "--dataset", f.data.path, "--name", "other", "--into", f.sweep.path,
                    "--out", f.tmp.url.appendingPathComponent("run").path,
                ], "give one"
            ),
            (
                [
                    "score", try f.solverPredictions(for: reverse).path, "--dataset", reverse.path, "--name", "solver",
                    "--into", f.sweep.path,
                ], "plans no run on reverse_string"
            ),
            (
                ["score", predictions.path, "--dataset", f.data.path, "--name", "other", "--into", notASweep.path],
                "holds no sweep"
            ),
        ]
        for (arguments, message) in cases {
            let r = try ReckonBinary.run(arguments)
            #expect(r.status == 2, "\(message): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(message), "\(r.stderr)")
            #expect(f.contents() == before, "\(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: f.tmp.url.appendingPathComponent("run").path))
    }
}
