import Foundation
import ReckonLab
import ReckonNN

/// A sweep's directory: `sweep.json`, `sweep.yaml` (the file it was made from), `runs/<id>/` (each
/// an ordinary run folder), `logs/<id>.log`, `results.sqlite`, `slurm/`.
public struct SweepDirectory: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public var manifestURL: URL { url.appendingPathComponent(SweepManifest.fileName) }
    public var sourceURL: URL { url.appendingPathComponent("sweep.yaml") }
    public var runsURL: URL { url.appendingPathComponent("runs") }
    public var logsURL: URL { url.appendingPathComponent("logs") }
    public var databaseURL: URL { url.appendingPathComponent("results.sqlite") }
    public var slurmURL: URL { url.appendingPathComponent("slurm") }
    public var lockURL: URL { url.appendingPathComponent(".lock") }

    public func runURL(_ id: String) -> URL { runsURL.appendingPathComponent(id) }
    public func logURL(_ id: String) -> URL { logsURL.appendingPathComponent("\(id).log") }

    /// Whether the directory holds a sweep.
    public var exists: Bool { FileManager.default.fileExists(atPath: manifestURL.path) }

    /// The manifest; a one-line error when the directory holds no sweep or it is unreadable.
    public func manifest() throws -> SweepManifest {
        guard exists else {
            if FileManager.default.fileExists(atPath: url.path) {
                throw SweepError("'\(url.path)' holds no sweep (no \(SweepManifest.fileName))")
            }
            throw SweepError("sweep directory '\(url.path)' does not exist")
        }
        do { return try JSONDecoder().decode(SweepManifest.self, from: Data(contentsOf: manifestURL)) } catch {
            throw SweepError(
                "'\(manifestURL.path)' is unreadable (\(error.localizedDescription)); it is not a Reckon sweep")
        }
    }

    /// Creates the directory for `plan` (or checks that an existing one holds the same sweep,
    /// extending it with new runs when `extend`), writing the manifest and the source file.
    public func prepare(_ plan: SweepPlan, source: String, extend: Bool) throws -> SweepManifest {
        let fm = FileManager.default
        var manifest = SweepManifest(plan)
        if exists {
            let old = try self.manifest()
            if let difference = old.difference(from: plan) {
                guard extend, old.name == plan.name, old.protocolName == plan.protocolName else {
                    throw SweepError(
                        "'\(url.path)' already holds a different sweep: \(difference); "
                            + "use another --out, or --extend to add the new runs")
                }
                manifest = old.extended(with: plan)
            } else {
                return old
            }
        } else if fm.fileExists(atPath: url.path), let contents = try? fm.contentsOfDirectory(atPath: url.path),
            !contents.filter({ $0 != lockURL.lastPathComponent }).isEmpty
        {
            throw SweepError("'\(url.path)' exists and is not a sweep directory; choose an empty or new --out")
        }
        do {
            try fm.createDirectory(at: runsURL, withIntermediateDirectories: true)
            try fm.createDirectory(at: logsURL, withIntermediateDirectories: true)
            try AtomicFile.write(Data(source.utf8), to: sourceURL)
            try write(manifest)
        } catch let e as SweepError { throw e } catch {
            throw SweepError("cannot write the sweep directory '\(url.path)': \(error.localizedDescription)")
        }
        return manifest
    }

    func write(_ manifest: SweepManifest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        try AtomicFile.write(data, to: manifestURL)
    }

    /// The state of every run, in manifest order.
    public func states(_ manifest: SweepManifest) -> [RunState] {
        manifest.runs.map { RunState.of(runURL($0.id)) }
    }

    /// Takes the directory's lock (one `sweep run` at a time).
    public func lock() throws -> FileLock {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return try FileLock(lockURL, what: "sweep directory '\(url.path)'")
    }
}
