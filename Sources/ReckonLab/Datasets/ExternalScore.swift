import Foundation
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// `reckon score`: predictions made by any model for an exported dataset's eval split, scored as
/// Reckon scores its own runs (the task's `OutputHead` on the task's own sequences, regenerated from
/// the card) into an ordinary run folder marked external.
///
/// Predictions are JSON lines `{"dataset": ID, "id": ..., "tokens": [...]}`, or `"logits"` /
/// `"probabilities"` (one row of classes per output position) in place of tokens; bit-vector tasks
/// take `"bits"`, real-valued ones `"values"` (a row per position). Everything is checked before
/// anything is written: the dataset's files against their checksums, the predictions' dataset, the
/// ids (none missing, none extra or repeated), each answer's length and symbols.
public struct ExternalScore {
    public let card: DatasetCard
    public let export: DatasetExport
    public let name: String
    /// The seed the model was trained with, when given (`reckon score --seed`): the run's seed in results,
    /// so the runs of one model trained with several seeds share a cell. Nil: the dataset's seed.
    public let modelSeed: UInt64?
    /// Per length, the eval split's batches, and each record's place: (length, batch, example).
    let batches: [Int: [Batch]]
    let places: [String: (length: Int, batch: Int, example: Int)]
    /// The task's output head: how every answer is read and scored.
    let head: any OutputHead

    /// The most bytes of one prediction line (a row of logits per position of a long answer fits).
    public static let maximumLineBytes = 64 << 20

    /// Opens and checks the dataset in `directory`, for the predictions of model `name` trained with
    /// `modelSeed` (nil: unknown, the dataset's seed stands for it).
    public init(dataset directory: URL, name: String, modelSeed: UInt64? = nil) throws {
        guard !name.isEmpty, name.count <= 100, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) })
        else {
            throw LabError.invalidOption("--name must be 1-100 letters, digits, '.', '_' or '-', got '\(name)'")
        }
        self.name = name
        self.modelSeed = modelSeed
        let cardURL = directory.appendingPathComponent(DatasetCard.fileName)
        guard let data = try? Data(contentsOf: cardURL) else {
            throw LabError.invalidOption(
                "'\(directory.path)' holds no \(DatasetCard.fileName); give a dataset directory")
        }
        let card: DatasetCard
        do { card = try JSONDecoder().decode(DatasetCard.self, from: data) } catch {
            throw LabError.invalidOption("\(cardURL.path) is not a dataset card: \(error)")
        }
        guard let eval = card.splits.first(where: { $0.name == "eval" }),
            let format = DatasetExport.Format(rawValue: card.format)
        else { throw LabError.invalidOption("\(cardURL.path) names no eval split") }
        for split in card.splits {
            let file = directory.appendingPathComponent(split.file)
            guard let digest = Self.digest(of: file), digest == split.sha256 else {
                throw LabError.invalidOption(
                    "\(file.path) does not match the SHA-256 \(DatasetCard.fileName) records for it; the dataset "
                        + "was changed or is incomplete")
            }
        }
        export = try DatasetExport(
            task: card.task, settings: card.taskSettings, seed: card.seed, lengths: eval.lengths,
            samples: eval.samples, format: format, evalBatchSize: card.evalBatchSize)
        self.card = card
        var batches: [Int: [Batch]] = [:]
        var places: [String: (Int, Int, Int)] = [:]
        for length in export.valid(export.lengths) {
            let drawn = export.evalBatches(length: length)
            batches[length] = drawn
            var index = 0
            for (i, batch) in drawn.enumerated() {
                for b in 0..<batch.batchSize {
                    places[DatasetRecord.id(split: "eval", length: length, index: index)] = (length, i, b)
                    index += 1
                }
            }
        }
        self.batches = batches
        self.places = places
        head = OutputHeads.head(for: export.task)
    }

    /// The run folder's name: `<name>[-s<model seed>]-<dataset id>` (runs/ under `--out`'s default,
    /// a sweep's external/ under `--into`).
    public var folderName: String {
        "\(name)" + (modelSeed.map { "-s\($0)" } ?? "") + "-\(card.datasetID)"
    }

    /// SHA-256 of a file read in pieces, or nil when it cannot be read.
    static func digest(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return hasher.hexDigest()
    }

    /// One example's answer as the head scores it: logits [T_out, width].
    typealias Answer = [Float]

    /// Reads and checks every prediction line of `url`; throws the first problem as one line.
    func answers(_ url: URL) throws -> [String: Answer] {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw LabError.invalidOption("cannot read predictions '\(url.path)'")
        }
        defer { try? handle.close() }
        var answers: [String: Answer] = [:]
        var lineNumber = 0
        var pending = Data()
        func take(_ line: Data) throws {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return }
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                throw LabError.invalidOption("\(url.lastPathComponent) line \(lineNumber) is not a JSON object")
            }
            guard let dataset = object["dataset"] as? String else {
                throw LabError.invalidOption(
                    "\(url.lastPathComponent) line \(lineNumber) names no \"dataset\" (this one is '\(card.datasetID)')"
                )
            }
            guard dataset == card.datasetID else {
                throw LabError.invalidOption(
                    "the predictions are for dataset '\(dataset)', not '\(card.datasetID)' (task \(card.task), seed "
                        + "\(card.seed)); predict this dataset's eval split")
            }
            guard let id = object["id"] as? String else {
                throw LabError.invalidOption("\(url.lastPathComponent) line \(lineNumber) has no \"id\"")
            }
            guard let place = places[id] else {
                throw LabError.invalidOption("prediction for id '\(id)', which the dataset's eval split does not have")
            }
            guard answers[id] == nil else { throw LabError.invalidOption("two predictions for id '\(id)'") }
            answers[id] = try answer(object, id: id, place: place)
        }
        while true {
            let chunk = (try? handle.read(upToCount: 1 << 20)) ?? Data()
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                try take(pending[pending.startIndex..<newline])
                pending = pending[(newline + 1)...]
            }
            guard pending.count <= Self.maximumLineBytes else {
                throw LabError.invalidOption(
                    "\(url.lastPathComponent) line \(lineNumber + 1) is longer than \(Self.maximumLineBytes) bytes")
            }
        }
        if !pending.isEmpty { try take(pending) }
        let missing = places.keys.filter { answers[$0] == nil }
        guard missing.isEmpty else {
            throw LabError.invalidOption(
                "\(missing.count) of \(places.count) eval ids have no prediction (first: \(missing.sorted().first!))")
        }
        return answers
    }

    /// One prediction's answer, checked against its example's target.
    func answer(_ object: [String: Any], id: String, place: (length: Int, batch: Int, example: Int)) throws -> Answer {
        let batch = batches[place.length]![place.batch]
        let task = export.task
        let positions = batch.outputLength
        let width = head.outputWidth(inputLength: batch.inputLength)
        func fail(_ problem: String) -> LabError { LabError.invalidOption("prediction '\(id)': \(problem)") }
        func rows(_ key: String) throws -> [[Double]] {
            guard let rows = object[key] as? [[Any]] else { throw fail("\"\(key)\" must be a list of rows") }
            guard rows.count == positions else {
                throw fail("\(rows.count) rows of \(key), but the answer has \(positions) positions")
            }
            return try rows.map { row in
                guard row.count == width else { throw fail("a row of \(row.count) \(key), not \(width)") }
                return try row.map { v in
                    guard let x = (v as? NSNumber)?.doubleValue, x.isFinite else {
                        throw fail("\(key) must be numbers")
                    }
                    return x
                }
            }
        }
        switch task.outputKind {
        case .tokens, .pointers, .prediction:
            if object["logits"] != nil { return try rows("logits").flatMap { $0.map(Float.init) } }
            if object["probabilities"] != nil {
                let p = try rows("probabilities")
                guard p.allSatisfy({ row in row.allSatisfy { $0 >= 0 } && abs(row.reduce(0, +) - 1) < 1e-3 }) else {
                    throw fail("each row of probabilities must be non-negative and sum to 1")
                }
                return p.flatMap { $0.map { Float(log(Swift.max($0, 1e-30))) } }
            }
            guard task.outputKind != .prediction else {
                throw fail("task '\(task.name)' is scored in bits: give \"logits\" or \"probabilities\"")
            }
            guard let tokens = object["tokens"] as? [Any] else {
                throw fail("give \"tokens\", \"logits\" or \"probabilities\"")
            }
            guard tokens.count == positions else {
                throw fail("\(tokens.count) tokens, but the answer has \(positions) positions")
            }
            var out = [Float](repeating: 0, count: positions * width)
            for (t, token) in tokens.enumerated() {
                let id: Int?
                if let text = token as? String {
                    id = task.outputKind == .pointers ? Int(text) : task.outputSymbols.firstIndex(of: text)
                } else {
                    id = (token as? NSNumber).flatMap { Int(exactly: $0.doubleValue) }
                }
                guard let id, (0..<width).contains(id) else {
                    throw fail("token '\(token)' at position \(t) is not one of the \(width) answers there")
                }
                out[t * width + id] = 1
            }
            return out
        case .bitVectors:
            let bits = try rows("bits")
            guard bits.allSatisfy({ $0.allSatisfy { $0 == 0 || $0 == 1 } }) else { throw fail("bits must be 0 or 1") }
            return bits.flatMap { $0.map { $0 == 1 ? Float(20) : -20 } }
        case .reals:
            return try rows("values").flatMap { $0.map(Float.init) }
        }
    }

    /// The results per length of the predictions in `url`, as the task's head measures them.
    public func evaluate(_ url: URL) throws -> [LengthResult] {
        let answers = try self.answers(url)
        return measure(answers, head: head)
    }

    private func measure<Head: OutputHead>(_ answers: [String: Answer], head: Head) -> [LengthResult] {
        var results: [LengthResult] = []
        for length in batches.keys.sorted() {
            var metrics: [Head.Metrics] = []
            var index = 0
            var sequences = 0
            for batch in batches[length]! {
                let encoded = head.encode(batch, length: length)
                var logits: [Float] = []
                for _ in 0..<batch.batchSize {
                    logits += answers[DatasetRecord.id(split: "eval", length: length, index: index)]!
                    index += 1
                }
                let tensor = Tensor(logits, shape: [batch.batchSize, batch.outputLength, encoded.outputSize])
                metrics.append(head.metrics(logits: tensor, batch: encoded))
                sequences += batch.batchSize
            }
            results.append(head.lengthResult(length: length, samples: sequences, metrics: metrics))
        }
        return results
    }

    /// The summary of `results`: an ordinary run's, marked external with `name`.
    public func summary(_ results: [LengthResult], seconds: Double) -> RunSummary {
        let task = export.task
        var s = RunEvaluation.summary(
            .complete, results, task: task, head: head, model: name, seed: modelSeed ?? card.seed,
            trainLength: card.trainLength, length: results.last?.length ?? card.trainLength, steps: 0,
            trainSeconds: 0, evalSeconds: seconds, parameterCount: 0,
            protocolName: "external (dataset \(card.datasetID))")
        s.external = true
        s.dataset = card.datasetID
        return s
    }

    /// Scores `predictions` into the run folder `out` (new, or empty): eval.csv, summary.json and a
    /// copy of the dataset card. Everything is checked first; a refusal writes nothing.
    @discardableResult
    public func write(_ predictions: URL, to out: URL) throws -> RunSummary {
        let start = Date()
        let results = try evaluate(predictions)
        let summary = self.summary(results, seconds: Date().timeIntervalSince(start))
        try DatasetExport.prepare(out)
        let folder = RunFolder(url: out)
        try AtomicFile.write(try card.encoded(), to: out.appendingPathComponent(DatasetCard.fileName))
        try folder.writeEvaluation(results)
        try folder.writeSummary(summary)
        return summary
    }
}
