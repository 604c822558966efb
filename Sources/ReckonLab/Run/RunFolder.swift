import Foundation
import ReckonMachines
import ReckonNN
import ReckonTensor

/// A run's directory and the files in it. Every file is replaced atomically
/// (temp file, fsync, rename), so a crash leaves either the old or the new version.
public struct RunFolder {
    public let url: URL

    public static let configName = "config.json"
    public static let metricsName = "metrics.jsonl"
    public static let evalName = "eval.csv"
    public static let summaryName = "summary.json"
    public static let checkpointName = "checkpoint.safetensors"

    public init(url: URL) { self.url = url }

    public var configURL: URL { url.appendingPathComponent(Self.configName) }
    public var metricsURL: URL { url.appendingPathComponent(Self.metricsName) }
    public var evalURL: URL { url.appendingPathComponent(Self.evalName) }
    public var summaryURL: URL { url.appendingPathComponent(Self.summaryName) }
    public var checkpointURL: URL { url.appendingPathComponent(Self.checkpointName) }

    /// The default location: runs/<task>-<model>-s<seed>-<yyyyMMdd-HHmmss>.
    public static func defaultURL(task: String, model: String, seed: UInt64, date: Date = Date()) -> URL {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return URL(fileURLWithPath: "runs").appendingPathComponent("\(task)-\(model)-s\(seed)-\(f.string(from: date))")
    }

    /// Whether the directory holds a Reckon run.
    public var isRun: Bool { FileManager.default.fileExists(atPath: configURL.path) }

    /// Creates the folder for a new run; refuses to reuse anything that already has content.
    public static func create(at url: URL) throws -> RunFolder {
        let folder = RunFolder(url: url)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDir) {
            if folder.isRun { throw LabError.outputExists(url.path) }
            let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? ["?"]
            if !isDir.boolValue || !contents.isEmpty { throw LabError.notARun(url.path) }
        }
        try fm.createDirectory(at: url, withIntermediateDirectories: true)
        return folder
    }

    /// Opens an existing run (for --resume and eval).
    public static func open(_ url: URL) throws -> RunFolder {
        let folder = RunFolder(url: url)
        guard folder.isRun else {
            if FileManager.default.fileExists(atPath: url.path) { throw LabError.notARun(url.path) }
            throw LabError.missingFile("run directory '\(url.path)' does not exist")
        }
        return folder
    }

    // MARK: files

    public func writeConfig(_ config: RunConfig) throws { try AtomicFile.write(Self.json(config), to: configURL) }

    /// The saved config; settings added to a machine since the run was saved take their
    /// defaults (which reproduce the behaviour the run was trained with).
    public func readConfig() throws -> RunConfig {
        var config: RunConfig
        do { config = try JSONDecoder().decode(RunConfig.self, from: Data(contentsOf: configURL)) }
        catch { throw LabError.notARun("\(url.path)' has an unreadable config.json (\(error)); '\(url.path)") }
        if let spec = try? MachineCatalog.spec(named: config.model) { config.hyperparameters = spec.completing(config.hyperparameters) }
        return config
    }

    public func writeMetrics(_ records: [MetricsRecord]) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        var data = Data()
        for r in records { data.append(try e.encode(r)); data.append(0x0A) }
        try AtomicFile.write(data, to: metricsURL)
    }

    public func readMetrics() -> [MetricsRecord] {
        guard let text = try? String(contentsOf: metricsURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(MetricsRecord.self, from: Data($0.utf8)) }
    }

    public func writeEvaluation(_ results: [LengthResult]) throws {
        var csv = "length,accuracy,samples" + (results.first?.bitErrorsPerSequence != nil ? ",bit_errors_per_sequence" : "") + "\n"
        for r in results {
            csv += "\(r.length),\(String(format: "%.6f", r.accuracy)),\(r.samples)"
            if let b = r.bitErrorsPerSequence { csv += "," + String(format: "%.4f", b) }
            csv += "\n"
        }
        try AtomicFile.write(Data(csv.utf8), to: evalURL)
    }

    public func readEvaluation() throws -> [LengthResult] {
        guard let text = try? String(contentsOf: evalURL, encoding: .utf8) else { throw LabError.missingFile("no eval.csv in '\(url.path)'") }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",")
            guard f.count >= 3, let l = Int(f[0]), let a = Double(f[1]), let s = Int(f[2]) else { return nil }
            return LengthResult(length: l, accuracy: a, samples: s, bitErrorsPerSequence: f.count > 3 ? Double(f[3]) : nil)
        }
    }

    public func writeSummary(_ summary: RunSummary) throws { try AtomicFile.write(Self.json(summary), to: summaryURL) }

    public func readSummary() throws -> RunSummary {
        do { return try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: summaryURL)) }
        catch { throw LabError.missingFile("no readable summary.json in '\(url.path)'") }
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        var d = try e.encode(value)
        d.append(0x0A)
        return d
    }
}

/// One line of metrics.jsonl.
public struct MetricsRecord: Codable, Equatable, Sendable {
    public var step: Int
    public var loss: Double
    public var accuracy: Double
    public var length: Int
    public var stepsPerSecond: Double
    /// Wall seconds of training up to this step, summed over resumed sessions.
    public var seconds: Double

    enum CodingKeys: String, CodingKey { case step, loss, accuracy, length, seconds, stepsPerSecond = "steps_per_s" }
}

/// The accuracy measured at one evaluation length.
public struct LengthResult: Codable, Equatable, Sendable {
    public var length: Int
    public var accuracy: Double
    public var samples: Int
    /// Mean number of wrong bits per sequence, for bit-vector tasks.
    public var bitErrorsPerSequence: Double?

    public init(length: Int, accuracy: Double, samples: Int, bitErrorsPerSequence: Double?) {
        self.length = length; self.accuracy = accuracy; self.samples = samples; self.bitErrorsPerSequence = bitErrorsPerSequence
    }
}

/// summary.json: the run's headline numbers.
public struct RunSummary: Codable, Equatable, Sendable {
    public var task: String
    public var model: String
    public var seed: UInt64
    /// Mean accuracy over lengths trainLength+1 ... evalMaxLength (the benchmark's score).
    public var score: Double
    /// Mean accuracy over lengths 1 ... trainLength.
    public var trainLengthAccuracy: Double
    /// Accuracy of guessing uniformly among the output symbols.
    public var randomGuessAccuracy: Double
    public var trainLength: Int
    public var evalMaxLength: Int
    public var steps: Int
    public var trainSeconds: Double
    public var evalSeconds: Double
    public var stepsPerSecond: Double
    public var parameterCount: Int
    public var protocolName: String
    public var reckonVersion: String
    /// Mean bit errors per sequence over the unseen lengths, for bit-vector tasks.
    public var bitErrorsPerSequence: Double?
    /// The BLAS library, version and kernel that ran the evaluation.
    public var blas: BLASInfo?

    enum CodingKeys: String, CodingKey {
        case task, model, seed, score, steps
        case trainLengthAccuracy = "train_length_accuracy", randomGuessAccuracy = "random_guess_accuracy"
        case trainLength = "train_length", evalMaxLength = "eval_max_length"
        case trainSeconds = "train_seconds", evalSeconds = "eval_seconds", stepsPerSecond = "steps_per_s"
        case parameterCount = "parameter_count", protocolName = "protocol", reckonVersion = "reckon_version"
        case bitErrorsPerSequence = "bit_errors_per_sequence", blas
    }
}

/// The version stamped into summaries and checkpoints.
public enum ReckonVersion { public static let string = "0.1.0" }
