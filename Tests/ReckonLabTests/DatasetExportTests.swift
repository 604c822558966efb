import Foundation
import ReckonSupport
import ReckonTasks
import ReckonTestSupport
import Testing

@testable import ReckonLab

/// `reckon dataset export` and `reckon score`: the same command gives the same bytes, the card's
/// checksums hold, a solver's predictions score 1 at every length, a uniform guess scores the random
/// baseline, and every bad input is one line, exit 2, with nothing written.
@Suite struct DatasetExportTests {
    /// Exports `task` into a fresh directory and returns it.
    static func export(
        _ tmp: TemporaryDirectory, _ task: String, _ arguments: [String] = [], name: String = "data"
    ) throws -> URL {
        let out = tmp.url.appendingPathComponent(name)
        let r = try ReckonBinary.run(["dataset", "export", task, "--out", out.path] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    static func card(_ dir: URL) throws -> DatasetCard {
        try JSONDecoder().decode(DatasetCard.self, from: Data(contentsOf: dir.appendingPathComponent("dataset.json")))
    }

    static func records(_ dir: URL, split: String = "eval") throws -> [[String: Any]] {
        try String(contentsOf: dir.appendingPathComponent("\(split).jsonl"), encoding: .utf8)
            .split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
    }

    /// Writes one prediction line per record, from `answer(record)`.
    static func predictions(
        _ dir: URL, to file: URL, _ answer: ([String: Any]) -> [String: Any]
    ) throws {
        let id = try card(dir).datasetID
        var text = ""
        for r in try records(dir) {
            var line = answer(r)
            line["dataset"] = id
            line["id"] = r["id"]
            text +=
                String(
                    decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self)
                + "\n"
        }
        try Data(text.utf8).write(to: file)
    }

    @Test func theSameCommandGivesTheSameBytes() throws {
        let tmp = try TemporaryDirectory("dataset-bytes")
        defer { tmp.remove() }
        let arguments = ["--lengths", "1-12", "--samples", "5", "--train-samples", "7", "--seed", "3"]
        let a = try Self.export(tmp, "reverse_string", arguments, name: "a")
        let b = try Self.export(tmp, "reverse_string", arguments, name: "b")
        for file in ["dataset.json", "eval.jsonl", "train.jsonl"] {
            #expect(
                try Data(contentsOf: a.appendingPathComponent(file))
                    == Data(contentsOf: b.appendingPathComponent(file)),
                "\(file)")
        }
        let card = try Self.card(a)
        #expect(card.task == "reverse_string" && card.seed == 3 && card.trainLength == 40)
        for split in card.splits {
            let bytes = [UInt8](try Data(contentsOf: a.appendingPathComponent(split.file)))
            #expect(SHA256.hex(bytes) == split.sha256 && bytes.count == split.bytes, "\(split.file)")
        }
        let eval = try Self.records(a)
        #expect(eval.count == 60 && eval.first?["id"] as? String == "eval-1-0")
        let first = try #require(eval.last)
        #expect(first["length"] as? Int == 12 && (first["input"] as? [String])?.count == 12)
        #expect((first["target_ids"] as? [Int]) == (first["input_ids"] as? [Int])?.reversed())
        #expect(try Self.records(a, split: "train").count == 7)
        // Another seed, another dataset id.
        let c = try Self.export(
            tmp, "reverse_string", ["--lengths", "1-12", "--samples", "5", "--train-samples", "7"], name: "c")
        #expect(try Self.card(c).datasetID != card.datasetID)
    }

    /// The eval split is the sequences Reckon's own evaluation draws for the seed.
    @Test func theEvalSplitIsReckonsOwnEvaluationData() throws {
        let export = try DatasetExport(task: "parity_check", seed: 5, lengths: "7-7", samples: 100, evalBatchSize: 64)
        let batches = export.evalBatches(length: 7)
        #expect(batches.map(\.batchSize) == [64, 36])
        var rng = StepStreams.generator(seed: 5, .evaluation, 7)
        let first = ParityCheck().sample(batchSize: 64, length: 7, rng: &rng)
        _ = rng.split()
        #expect(batches[0] == first && batches[1] == ParityCheck().sample(batchSize: 36, length: 7, rng: &rng))
    }

    /// Round trip: export, answer with the task's solver re-implemented here, score 1 at every length.
    @Test(arguments: ["reverse_string", "parity_check"])
    func aSolversPredictionsScoreOneAtEveryLength(_ task: String) throws {
        let tmp = try TemporaryDirectory("dataset-solver")
        defer { tmp.remove() }
        let data = try Self.export(tmp, task, ["--lengths", "1-60", "--samples", "8"])
        let file = tmp.url.appendingPathComponent("predictions.jsonl")
        try Self.predictions(data, to: file) { r in
            let bits = r["input_ids"] as! [Int]
            let answer = task == "reverse_string" ? bits.reversed().map(String.init) : [String(bits.reduce(0, +) % 2)]
            return ["tokens": answer]
        }
        let out = tmp.url.appendingPathComponent("run")
        let r = try ReckonBinary.run([
            "score", file.path, "--dataset", data.path, "--name", "solver", "--out", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let results = try RunFolder(url: out).readEvaluation()
        #expect(results.count == 60 && results.allSatisfy { $0.accuracy == 1 })
        let summary = try RunFolder(url: out).readSummary()
        #expect(summary.external == true && summary.model == "solver" && summary.score == 1)
    }

    /// A uniform guess scores the random baseline within sampling error (2 000 answers after the training
    /// lengths: the mean is within 4 standard errors of 1/2).
    @Test func aUniformGuessScoresTheRandomBaseline() throws {
        let tmp = try TemporaryDirectory("dataset-random")
        defer { tmp.remove() }
        let data = try Self.export(tmp, "parity_check", ["--lengths", "1-60", "--samples", "100"])
        let file = tmp.url.appendingPathComponent("predictions.jsonl")
        var rng = RandomGenerator(seed: 9)
        try Self.predictions(data, to: file) { _ in ["tokens": [rng.nextInt(below: 2)]] }
        let out = tmp.url.appendingPathComponent("run")
        #expect(
            try ReckonBinary.run(["score", file.path, "--dataset", data.path, "--name", "uniform", "--out", out.path])
                .status == 0)
        let s = try RunFolder(url: out).readSummary()
        let score = try #require(s.score)
        #expect(abs(score - 0.5) < 4 * (0.25 / 2000).squareRoot(), "\(score)")
        #expect(s.randomGuessAccuracy == 0.5)
    }

    /// Probabilities for a prediction task are scored in bits: uniform over two symbols is one bit.
    @Test func predictionTasksAreScoredInBits() throws {
        let tmp = try TemporaryDirectory("dataset-bits")
        defer { tmp.remove() }
        let data = try Self.export(
            tmp, "markov_source", ["--lengths", "1-40", "--samples", "4", "--train-lengths", "1-20"])
        let file = tmp.url.appendingPathComponent("predictions.jsonl")
        try Self.predictions(data, to: file) { r in
            ["probabilities": [[Double]](repeating: [0.5, 0.5], count: (r["target_ids"] as! [Int]).count)]
        }
        let out = tmp.url.appendingPathComponent("run")
        let r = try ReckonBinary.run(["score", file.path, "--dataset", data.path, "--name", "coin", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let p = try #require(try RunFolder(url: out).readSummary().prediction)
        #expect(abs(p.bitsPerSymbol! - 1) < 1e-6 && p.regretPerSymbol! > 0)
    }

    /// Each bad input: one line on stderr, exit 2, no run folder.
    @Test func badPredictionsAreRefusedWithOneLine() throws {
        let tmp = try TemporaryDirectory("dataset-bad")
        defer { tmp.remove() }
        let data = try Self.export(tmp, "parity_check", ["--lengths", "1-5", "--samples", "2"])
        let other = try Self.export(
            tmp, "parity_check", ["--lengths", "1-5", "--samples", "2", "--seed", "1"], name: "other")
        let prediction = try Self.export(tmp, "markov_source", ["--lengths", "1-5", "--samples", "2"], name: "markov")
        let good = try Self.records(data).map { r -> [String: Any] in
            ["dataset": try Self.card(data).datasetID, "id": r["id"]!, "tokens": ["0"]]
        }
        func lines(_ objects: [[String: Any]]) -> String {
            objects.map {
                String(decoding: try! JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
            }
            .joined(separator: "\n") + "\n"
        }
        var extra = good[0]
        extra["id"] = "eval-9-0"
        var long = good[0]
        long["tokens"] = ["0", "1"]
        var outside = good[0]
        outside["tokens"] = ["2"]
        var foreign = good[0]
        foreign["dataset"] = try Self.card(other).datasetID
        var unnamed = good[0]
        unnamed.removeValue(forKey: "dataset")
        let cases: [(String, String, URL, String)] = [
            ("missing", lines(Array(good.dropLast())), data, "have no prediction"),
            ("extra", lines(good + [extra]), data, "does not have"),
            ("repeated", lines(good + [good[0]]), data, "two predictions"),
            ("length", lines([long] + Array(good.dropFirst())), data, "2 tokens, but the answer has 1"),
            ("alphabet", lines([outside] + Array(good.dropFirst())), data, "is not one of the 2 answers"),
            ("dataset", lines([foreign] + Array(good.dropFirst())), data, "seed 0"),
            ("unnamed", lines([unnamed] + Array(good.dropFirst())), data, "names no \"dataset\""),
            ("json", "{not json\n", data, "is not a JSON object"),
            (
                "bits",
                lines(
                    try Self.records(prediction).map {
                        ["dataset": try Self.card(prediction).datasetID, "id": $0["id"]!, "tokens": ["0"]]
                    }), prediction, "scored in bits"
            ),
        ]
        for (name, text, dataset, message) in cases {
            let file = tmp.url.appendingPathComponent("\(name).jsonl")
            try Data(text.utf8).write(to: file)
            let out = tmp.url.appendingPathComponent("run-\(name)")
            let r = try ReckonBinary.run([
                "score", file.path, "--dataset", dataset.path, "--name", "m", "--out", out.path,
            ])
            #expect(r.status == 2, "\(name): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(message), "\(name): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(name)")
        }
        // A changed dataset file fails the card check.
        let file = tmp.url.appendingPathComponent("good.jsonl")
        try Data(lines(good).utf8).write(to: file)
        let eval = data.appendingPathComponent("eval.jsonl")
        try (try String(contentsOf: eval, encoding: .utf8) + "\n").write(to: eval, atomically: true, encoding: .utf8)
        let r = try ReckonBinary.run([
            "score", file.path, "--dataset", data.path, "--name", "m", "--out",
            tmp.url.appendingPathComponent("run-changed").path,
        ])
        #expect(r.status == 2 && r.stderr.contains("does not match the SHA-256"), "\(r.stderr)")
    }

    /// Bad export arguments: one line, exit 2, nothing created.
    @Test func badExportsAreRefusedWithOneLine() throws {
        let tmp = try TemporaryDirectory("dataset-export-bad")
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("data")
        for (arguments, message) in [
            (["parity", "--out", out.path], "unknown task"),
            (["parity_check", "--lengths", "5-2", "--out", out.path], "A <= B"),
            (["parity_check", "--lengths", "0-3", "--out", out.path], "not a length"),
            (["parity_check", "--samples", "0", "--out", out.path], "--samples"),
            (["parity_check", "--format", "xml", "--out", out.path], "jsonl or csv"),
            (["parity_check", "--samples", "1000000", "--lengths", "1-100000", "--out", out.path], "positions"),
            (["modular_addition", "--out", out.path], "no length axis"),
        ] {
            let r = try ReckonBinary.run(["dataset", "export"] + arguments)
            #expect(r.status == 2 && r.stderr.split(separator: "\n").count == 1, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("keep"))
        let r = try ReckonBinary.run(["dataset", "export", "parity_check", "--out", out.path])
        #expect(r.status == 2 && r.stderr.contains("not empty"))
    }
}
