import Foundation
import ReckonSupport
import ReckonTasks

/// `reckon dataset export`: a task's examples as files any framework can train and predict on, with a
/// card (`DatasetCard`) holding what they are and a SHA-256 per file.
///
/// The eval split holds `samples` sequences at every length of its range, drawn as Reckon's own
/// evaluation draws them (the stream of (seed, evaluation, length), sub-batches of
/// `evalBatchSize`): a Reckon run with the same seed is scored on exactly these sequences. The train
/// split holds `trainSamples` sequences, example i of a length uniform over its range, from
/// (seed, dataset, i). Every random draw comes from those streams, and the text is written byte for
/// byte the same way everywhere (`DatasetRecord`), so the same command gives the same files.
public struct DatasetExport: Sendable {
    /// The file format of the records.
    public enum Format: String, CaseIterable, Sendable { case jsonl, csv }

    public let task: any AlgorithmicTask
    public let taskSettings: [String: String]
    public let seed: UInt64
    public let lengths: ClosedRange<Int>
    public let samples: Int
    public let trainLengths: ClosedRange<Int>
    public let trainSamples: Int
    public let format: Format
    public let evalBatchSize: Int

    /// The most positions an export may hold (at one byte or more each): a guard against a mistyped
    /// count that would fill the disk.
    public static let maximumPositions = 500_000_000

    /// Checks everything before anything is written: the task and its settings, the ranges (each
    /// length one the task can sample), the counts and the size of the result.
    public init(
        task name: String, settings: [String: String] = [:], seed: UInt64 = 0, lengths: String? = nil,
        samples: Int = 64, trainLengths: String? = nil, trainSamples: Int = 0, format: Format = .jsonl,
        evalBatchSize: Int = 64
    ) throws {
        let task = try TaskCatalog.task(named: name, settings: settings)
        guard !(task is any FiniteTableTask) else {
            throw LabError.invalidOption(
                "task '\(name)' is a finite table with no length axis; export a task evaluated over lengths")
        }
        self.task = task
        taskSettings = settings
        self.seed = seed
        self.lengths = try Self.range(lengths ?? "1-\(task.defaultEvalMaxLength)", flag: "--lengths", task: task)
        self.trainLengths = try Self.range(
            trainLengths ?? "1-\(task.defaultTrainLength)", flag: "--train-lengths", task: task)
        guard (1...1_000_000).contains(samples) else {
            throw LabError.invalidOption("--samples must be 1 ... 1000000, got \(samples)")
        }
        guard (0...10_000_000).contains(trainSamples) else {
            throw LabError.invalidOption("--train-samples must be 0 ... 10000000, got \(trainSamples)")
        }
        guard evalBatchSize >= 1 else {
            throw LabError.invalidOption("--eval-batch-size must be at least 1, got \(evalBatchSize)")
        }
        self.samples = samples
        self.trainSamples = trainSamples
        self.format = format
        self.evalBatchSize = evalBatchSize
        let positions = positionCount()
        guard positions <= Double(Self.maximumPositions) else {
            throw LabError.invalidOption(
                String(format: "this export would hold %.3g positions; at most %d", positions, Self.maximumPositions))
        }
    }

    /// "A-B" or "N" as lengths the task can sample.
    static func range(_ text: String, flag: String, task: any AlgorithmicTask) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil }), let low = parts.first!,
            let high = parts.last!, low <= high
        else { throw LabError.invalidOption("\(flag) expects a length or a range A-B with A <= B, got '\(text)'") }
        for length in [low, high] { try RunValidation.checkLength(length, flag: flag, task: task) }
        return low...high
    }

    /// The lengths of `range` the task samples as themselves (modular_arithmetic has odd lengths only).
    func valid(_ range: ClosedRange<Int>) -> [Int] { range.filter { TaskBridge.isValid(task, length: $0) } }

    /// Input and output positions the export holds, times the numbers per position.
    func positionCount() -> Double {
        func size(_ length: Int) -> Double {
            let input = task.inputLength(forLength: length)
            return Double(input + task.outputLength(forInputLength: input))
        }
        let eval = valid(lengths).reduce(0) { $0 + Double(samples) * size($1) }
        let train = Double(trainSamples) * (valid(trainLengths).map(size).max() ?? 0)
        return eval + train
    }

    /// The eval split's sequences at `length`, as `RangeEvaluator` draws them.
    public func evalBatches(length: Int) -> [Batch] {
        var rng = StepStreams.generator(seed: seed, .evaluation, length)
        var remaining = samples
        var batches: [Batch] = []
        while remaining > 0 {
            let n = Swift.min(evalBatchSize, remaining)
            remaining -= n
            batches.append(task.sample(batchSize: n, length: length, rng: &rng))
            // The evaluator takes each sub-batch's forward stream here.
            _ = rng.split()
        }
        return batches
    }

    /// The train split's example `index`: its length and its batch of one.
    public func trainExample(_ index: Int) -> (length: Int, batch: Batch) {
        var rng = StepStreams.generator(seed: seed, .dataset, index)
        let choices = valid(trainLengths)
        let length = choices[rng.nextInt(below: choices.count)]
        return (length, task.sample(batchSize: 1, length: length, rng: &rng))
    }

    /// Every record of `split`, in order, to `body`.
    func forEachRecord(_ split: String, _ body: (DatasetRecord) throws -> Void) rethrows {
        func records(_ batch: Batch, length: Int, first: Int) -> [DatasetRecord] {
            (0..<batch.batchSize).map { b in
                DatasetRecord(
                    id: DatasetRecord.id(split: split, length: length, index: first + b), split: split, length: length,
                    input: batch.inputExample(b), target: batch.targetExample(b), mask: batch.maskRow(b))
            }
        }
        if split == "eval" {
            for length in valid(lengths) {
                var first = 0
                for batch in evalBatches(length: length) {
                    for r in records(batch, length: length, first: first) { try body(r) }
                    first += batch.batchSize
                }
            }
        } else {
            for i in 0..<trainSamples {
                let (length, batch) = trainExample(i)
                var r = records(batch, length: length, first: 0)[0]
                r.id = DatasetRecord.id(split: split, length: length, index: i)
                try body(r)
            }
        }
    }

    /// Writes the splits and the card into `directory` (created; it must not exist or be empty) and
    /// returns the card. Nothing is written when the directory is refused.
    @discardableResult
    public func write(to directory: URL) throws -> DatasetCard {
        try Self.prepare(directory)
        var splits: [DatasetCard.Split] = []
        for (name, range, count, perLength) in [
            ("train", trainLengths, trainSamples, false), ("eval", lengths, samples, true),
        ] where count > 0 {
            let file = "\(name).\(format.rawValue)"
            var hasher = SHA256()
            var bytes = 0
            var records = 0
            try AtomicFile.write(to: directory.appendingPathComponent(file)) { emit in
                var buffer = Data()
                func add(_ line: String) throws {
                    buffer.append(contentsOf: Array(line.utf8))
                    buffer.append(0x0A)
                    if buffer.count >= 1 << 20 { try flush() }
                }
                func flush() throws {
                    hasher.update(buffer)
                    bytes += buffer.count
                    try emit(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                var header = false
                try forEachRecord(name) { r in
                    if format == .csv, !header {
                        try add(r.csvHeader())
                        header = true
                    }
                    try add(format == .csv ? r.csvLine(task: task) : r.jsonLine(task: task))
                    records += 1
                }
                try flush()
            }
            splits.append(
                DatasetCard.Split(
                    name: name, file: file, lengths: "\(range.lowerBound)-\(range.upperBound)", samples: count,
                    samplesPerLength: perLength, records: records, bytes: bytes, sha256: hasher.hexDigest()))
        }
        let card = DatasetCard(
            datasetID: DatasetCard.id(task: task.name, seed: seed, digests: splits.map(\.sha256)), task: task.name,
            taskSettings: taskSettings, seed: seed, outputKind: task.outputKind.rawValue,
            inputSymbols: task.inputSymbols, outputSymbols: task.outputSymbols, trainLength: trainLengths.upperBound,
            evalBatchSize: evalBatchSize, format: format.rawValue, splits: splits, reckonVersion: ReckonVersion.string)
        try AtomicFile.write(try card.encoded(), to: directory.appendingPathComponent(DatasetCard.fileName))
        return card
    }

    /// Refuses a destination that is a link, a file or a folder with anything in it; creates it otherwise.
    static func prepare(_ directory: URL) throws {
        let path = directory.path
        let fm = FileManager.default
        if let kind = try? fm.attributesOfItem(atPath: path)[.type] as? FileAttributeType {
            guard kind == .typeDirectory else {
                throw LabError.invalidOption("'\(path)' exists and is not a directory; give a new directory")
            }
            guard ((try? fm.contentsOfDirectory(atPath: path)) ?? []).isEmpty else {
                throw LabError.invalidOption("'\(path)' is not empty; give a new directory for the dataset")
            }
            return
        }
        // mkdir(2) as run folders are made: a failure is one line naming the path and the reason.
        do { _ = try Folders.create(directory) } catch let failure as Folders.Failure {
            throw LabError.cannotWrite(path: path, reason: failure.reason)
        }
    }
}
