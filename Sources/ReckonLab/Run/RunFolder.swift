import Foundation
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run's directory and the files in it. Every file is replaced atomically
/// (temp file, fsync, rename), so a crash leaves either the old or the new version, and
/// every process that writes here holds the folder's lock (`PIDFileLock` on `.reckon.lock`, from
/// `create`/`open` until the command is done).
public struct RunFolder {
    public let url: URL

    public static let configName = "config.json"
    public static let metricsName = "metrics.jsonl"
    public static let evalName = "eval.csv"
    public static let summaryName = "summary.json"
    public static let checkpointName = "checkpoint.safetensors"
    /// The lock file every writer of the folder holds (`lock(_:)`).
    public static let lockName = ".reckon.lock"

    public init(url: URL) { self.url = url }

    public var configURL: URL { url.appendingPathComponent(Self.configName) }
    public var metricsURL: URL { url.appendingPathComponent(Self.metricsName) }
    public var evalURL: URL { url.appendingPathComponent(Self.evalName) }
    public var summaryURL: URL { url.appendingPathComponent(Self.summaryName) }
    public var checkpointURL: URL { url.appendingPathComponent(Self.checkpointName) }

    /// Where an evaluation up to `maxLength` goes: eval.csv and summary.json for the run's own
    /// length (nil), eval-<N>.csv and summary-<N>.json for any other, so re-evaluating further
    /// out never replaces the results the run was trained for.
    /// A beam width other than the run's own adds `-beam<W>`: eval-<N>-beam<W>.csv; another number of
    /// sequences per length adds `-samples<S>`: eval-<N>-samples<S>.csv.
    public func evaluationFiles(
        maxLength: Int?, beamWidth: Int? = nil, samples: Int? = nil
    ) -> (eval: URL, summary: URL) {
        guard let maxLength else { return (evalURL, summaryURL) }
        let suffix = "\(maxLength)" + (beamWidth.map { "-beam\($0)" } ?? "") + (samples.map { "-samples\($0)" } ?? "")
        return (
            url.appendingPathComponent("eval-\(suffix).csv"),
            url.appendingPathComponent("summary-\(suffix).json")
        )
    }

    /// The default location: runs/<task>-<model>-s<seed>-<yyyyMMdd-HHmmss>.
    public static func defaultURL(task: String, model: String, seed: UInt64, date: Date = Date()) -> URL {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return URL(fileURLWithPath: "runs").appendingPathComponent("\(task)-\(model)-s\(seed)-\(f.string(from: date))")
    }

    /// Whether the directory holds a Reckon run.
    public var isRun: Bool { FileManager.default.fileExists(atPath: configURL.path) }

    /// Entries that do not make a folder "used": the lock file and temporary files of
    /// interrupted writes (a kill while config.json was written leaves only those).
    static func isLeftover(_ name: String) -> Bool {
        name == lockName || AtomicFile.temporaryFileOwner(name) != nil
    }

    /// Creates and locks the folder for a new run; refuses anything that already has content.
    /// A refusal leaves the disk as it was: the folders and the lock file it made are removed again.
    public static func create(at url: URL) throws -> (folder: RunFolder, lock: PIDFileLock) {
        let folder = RunFolder(url: url)
        // Checked before anything is created, so a refused --out is left exactly as it was.
        try folder.checkUnused()
        let made: [String]
        do { made = try Folders.create(url) } catch let failure as Folders.Failure {
            throw LabError.cannotWrite(path: url.path, reason: failure.reason)
        }
        do {
            let lock = try Self.lock(url)
            do {
                // Again under the lock: another process may have started a run here meanwhile.
                AtomicFile.removeStaleTemporaryFiles(in: url)
                try folder.checkUnused()
            } catch {
                lock.abandon()
                throw error
            }
            return (folder, lock)
        } catch {
            Folders.removeCreated(made)
            throw error
        }
    }

    /// Takes the run folder's lock, or throws `LabError.runInUse` naming the holder (a lock file that
    /// is a link or not a regular file is `LabError.cannotWrite`, and is left alone).
    public static func lock(_ url: URL) throws -> PIDFileLock {
        let file = url.appendingPathComponent(lockName)
        do { return try PIDFileLock.acquire(file) } catch let failure as PIDFileLock.Failure {
            throw labError(failure, folder: url, file: file)
        }
    }

    private static func labError(_ failure: PIDFileLock.Failure, folder: URL, file: URL) -> LabError {
        switch failure {
        case .held(let pid): return .runInUse(path: folder.path, pid: pid)
        case .unusable(let reason): return .cannotWrite(path: file.path, reason: reason)
        }
    }

    private func checkUnused() throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else { return }
        if isRun {
            // A run being written right now is named by its writer's pid.
            let file = url.appendingPathComponent(Self.lockName)
            do { try PIDFileLock.checkNotHeld(file) } catch let failure as PIDFileLock.Failure {
                throw Self.labError(failure, folder: url, file: file)
            }
            throw LabError.outputExists(url.path)
        }
        let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? ["?"]
        if !isDir.boolValue || !contents.allSatisfy(Self.isLeftover) { throw LabError.notARun(url.path) }
    }

    /// Opens and locks an existing run (for --resume and eval), removing temporary files
    /// that killed writers left behind.
    /// A command refused after this calls `lock.abandon()`, so it leaves no lock file behind.
    public static func open(_ url: URL) throws -> (folder: RunFolder, lock: PIDFileLock) {
        let folder = RunFolder(url: url)
        guard folder.isRun else {
            if FileManager.default.fileExists(atPath: url.path) { throw LabError.notARunToOpen(url.path) }
            throw LabError.missingFile("run directory '\(url.path)' does not exist")
        }
        let lock = try Self.lock(url)
        AtomicFile.removeStaleTemporaryFiles(in: url)
        return (folder, lock)
    }

    // MARK: files

    public func writeConfig(_ config: RunConfig) throws { try AtomicFile.write(Self.json(config), to: configURL) }

    /// The saved config, checked by the same rules as flags (`RunValidation`); settings added
    /// to a machine since the run was saved take their defaults (which reproduce the behaviour
    /// the run was trained with).
    /// (The memory a run needs depends on the computer, not the file: `TrainingSession` checks it.)
    public func readConfig() throws -> RunConfig {
        let data: Data
        do { data = try Data(contentsOf: configURL) } catch {
            throw LabError.badConfig(path: url.path, problem: SystemErrorText.reason(error))
        }
        return try Self.config(from: data, path: url.path)
    }

    /// A config.json's bytes as a checked config, or a one-line `LabError.badConfig` naming the
    /// run at `path` (what `readConfig` and the config fuzz target run).
    public static func config(from data: Data, path: String) throws -> RunConfig {
        func bad(_ problem: String) -> LabError { .badConfig(path: path, problem: problem) }
        var config: RunConfig
        do { config = try decoder().decode(RunConfig.self, from: data) } catch {
            throw bad(JSONErrorText.reason(error))
        }
        do {
            let spec = try MachineCatalog.spec(named: config.model)
            config.machineSettings = spec.completing(config.machineSettings)
            try RunValidation.check(config, for: .evaluation(maxLength: nil), memory: .infinity)
        } catch { throw bad("\(error)") }
        return config
    }

    public func writeMetrics(_ records: [MetricsRecord]) throws {
        let e = Self.encoder()
        e.outputFormatting = [.sortedKeys]
        var data = Data()
        for r in records {
            data.append(try e.encode(r))
            data.append(0x0A)
        }
        try AtomicFile.write(data, to: metricsURL)
    }

    public func readMetrics() -> [MetricsRecord] {
        guard let text = try? String(contentsOf: metricsURL, encoding: .utf8) else { return [] }
        let decoder = Self.decoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(MetricsRecord.self, from: Data($0.utf8)) }
    }

    /// The checkpoint, or nil before the first one; a file that does not read is `LabError.badCheckpoint`.
    public func readCheckpoint() throws -> SafetensorsFile? {
        guard FileManager.default.fileExists(atPath: checkpointURL.path) else { return nil }
        do { return try Safetensors.read(from: checkpointURL) } catch {
            throw LabError.badCheckpoint("\(checkpointURL.path): \(error)")
        }
    }

    public func writeEvaluation(_ results: [LengthResult], to target: URL? = nil) throws {
        try AtomicFile.write(Data(Self.evaluationCSV(results).utf8), to: target ?? evalURL)
    }

    /// `length,accuracy,samples`, then `bit_errors_per_sequence` for bit-vector tasks, `mse,mse_threshold`
    /// for real-valued ones, `exact_match` for tasks that report it, then the task's own metrics in name
    /// order for pointer tasks ("nan" where one applied to no answer), and last `steps_used` for
    /// machines whose depth adapts (a run of any other machine writes the same bytes as before it
    /// existed); one row per length.
    public static func evaluationCSV(_ results: [LengthResult]) -> String {
        var csv = "length,accuracy,samples"
        csv += results.first?.bitErrorsPerSequence != nil ? ",bit_errors_per_sequence" : ""
        let reals = results.first?.mse != nil
        let exact = results.first?.exactMatch != nil
        let metricNames = (results.first?.taskMetrics ?? [:]).keys.sorted()
        let steps = results.contains { $0.stepsUsed != nil }
        csv +=
            (reals ? ",mse,mse_threshold" : "") + (exact ? ",exact_match" : "")
            + metricNames.map { "," + $0 }.joined() + (steps ? ",steps_used" : "") + "\n"
        for r in results {
            csv += "\(r.length),\(String(format: "%.6f", r.accuracy)),\(r.samples)"
            if let b = r.bitErrorsPerSequence { csv += "," + String(format: "%.4f", b) }
            // Errors span many decades (1e-12 for a solved unit, 1e4 for a failed one): %.6e keeps them all.
            if reals {
                csv += "," + [r.mse, r.mseThreshold].map { String(format: "%.6e", $0 ?? .nan) }.joined(separator: ",")
            }
            if exact { csv += "," + String(format: "%.6f", r.exactMatch ?? .nan) }
            for name in metricNames {
                csv += "," + (r.taskMetrics?[name].map { $0.isNaN ? "nan" : String(format: "%.6f", $0) } ?? "nan")
            }
            if steps { csv += "," + String(format: "%.4f", r.stepsUsed ?? .nan) }
            csv += "\n"
        }
        return csv
    }

    public func readEvaluation(from source: URL? = nil) throws -> [LengthResult] {
        let file = source ?? evalURL
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw LabError.missingFile("no \(file.lastPathComponent) in '\(url.path)'")
        }
        let lines = text.split(separator: "\n")
        // Columns by header name: bit-vector runs add bit_errors_per_sequence, real-valued runs mse and
        // mse_threshold; every column not named here is a task metric (pointer tasks).
        let header = (lines.first ?? "").split(separator: ",").map(String.init)
        func column(_ f: [Substring], _ name: String) -> Double? {
            header.firstIndex(of: name).flatMap { $0 < f.count ? Double(f[$0]) : nil }
        }
        let known: Set = [
            "length", "accuracy", "samples", "bit_errors_per_sequence", "mse", "mse_threshold",
            "exact_match", "steps_used",
        ]
        let metricColumns = header.indices.filter { !known.contains(header[$0]) }
        return lines.dropFirst().compactMap { line in
            let f = line.split(separator: ",")
            guard f.count >= 3, let l = Int(f[0]), let a = Double(f[1]), let s = Int(f[2]) else { return nil }
            var metrics: [String: Double] = [:]
            for k in metricColumns where k < f.count { metrics[header[k]] = Double(f[k]) ?? .nan }
            return LengthResult(
                length: l, accuracy: a, samples: s,
                bitErrorsPerSequence: column(f, "bit_errors_per_sequence"),
                mse: column(f, "mse"), mseThreshold: column(f, "mse_threshold"),
                exactMatch: column(f, "exact_match"),
                taskMetrics: metricColumns.isEmpty ? nil : metrics, stepsUsed: column(f, "steps_used"))
        }
    }

    public func writeSummary(_ summary: RunSummary, to target: URL? = nil) throws {
        try AtomicFile.write(Self.json(summary), to: target ?? summaryURL)
    }

    /// The summary, checked on load: a file that does not decode, or whose scores are not finite
    /// accuracies in 0...1 (`RunSummary.implausibility`), is `LabError.corruptSummary`.
    public func readSummary(from source: URL? = nil) throws -> RunSummary {
        let file = source ?? summaryURL
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw LabError.missingFile("no readable \(file.lastPathComponent) in '\(url.path)'")
        }
        let summary: RunSummary
        do { summary = try Self.decoder().decode(RunSummary.self, from: data) } catch {
            throw LabError.corruptSummary(path: file.path, problem: JSONErrorText.reason(error))
        }
        if let problem = summary.implausibility {
            throw LabError.corruptSummary(path: file.path, problem: problem)
        }
        return summary
    }

    // MARK: JSON

    /// Non-finite numbers are written as the strings "nan", "inf" and "-inf": a diverged loss
    /// once made the metrics write fail with a raw EncodingError.
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf",
            nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf",
            nan: "nan")
        return d
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        let e = encoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        var d = try e.encode(value)
        d.append(0x0A)
        return d
    }
}
