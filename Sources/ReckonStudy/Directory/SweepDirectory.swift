import Foundation
import ReckonLab
import ReckonSupport

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
                "'\(manifestURL.path)' is unreadable (\(JSONErrorText.reason(error))); it is not a Reckon sweep")
        }
    }

    /// Locks the directory (one `sweep run` or `submit` at a time) and creates it for `plan`, or checks
    /// that it holds the same sweep (extending it with new runs when `extend`). The caller holds the
    /// lock until it is done.
    ///
    /// A refusal changes nothing on disk: the target is checked before anything is created, and folders
    /// and a lock file made before a refusal are removed again. Setup is resumable: sweep.json is written
    /// last, and a directory holding only what an interrupted setup leaves (the lock, sweep.yaml, empty
    /// runs/ and logs/, temporary files of dead writers) is set up again; a signal in the first
    /// milliseconds of `sweep run` once left a directory that every later command refused.
    public func prepare(
        _ plan: SweepPlan, source: String, extend: Bool
    ) throws -> (lock: PIDFileLock, manifest: SweepManifest) {
        try checkUsable()
        let made: [String]
        do { made = try Folders.create(url) } catch let failure as Folders.Failure {
            throw SweepError("cannot create the sweep directory '\(url.path)': \(failure.reason)")
        }
        var lock: PIDFileLock?
        do {
            let held = try takeLock()
            lock = held
            AtomicFile.removeStaleTemporaryFiles(in: url)
            // Again under the lock: another process may have used the folder meanwhile.
            try checkUsable()
            return (held, try setUp(plan, source: source, extend: extend))
        } catch {
            lock?.abandon()
            Folders.removeCreated(made)
            throw error
        }
    }

    /// Refuses an --out that is not a folder, or a folder that holds something other than a sweep or
    /// the leftovers of an interrupted setup; creates nothing.
    func checkUsable() throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            let code = errno
            // Absent (but creatable, which `Folders.create` finds out): fine.
            if code == ENOENT { return }
            throw SweepError("cannot use '\(url.path)' as a sweep directory: \(String(cString: strerror(code)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw SweepError(
                "'\(url.path)' is \(FileKind(mode: info.st_mode).noun), not a folder; --out names a sweep directory "
                    + "(a new or empty folder, or one `reckon sweep run` made)")
        }
        if exists { return }
        let contents: [String]
        do { contents = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw SweepError("cannot read '\(url.path)': \(SystemErrorText.reason(error))")
        }
        guard contents.allSatisfy(isSetupLeftover(among: contents)) else {
            throw SweepError("'\(url.path)' exists and is not a sweep directory; choose an empty or new --out")
        }
    }

    /// What an interrupted setup leaves before sweep.json: the lock file, temporary files of atomic
    /// writes, and, beside the lock file (so a user's own files are never taken for leftovers),
    /// sweep.yaml and empty runs/ and logs/.
    private func isSetupLeftover(among contents: [String]) -> (String) -> Bool {
        let locked = contents.contains(lockURL.lastPathComponent)
        return { name in
            if name == lockURL.lastPathComponent || AtomicFile.temporaryFileOwner(name) != nil { return true }
            guard locked else { return false }
            if name == sourceURL.lastPathComponent { return FileKind.at(sourceURL.path) == .regular }
            if name == runsURL.lastPathComponent || name == logsURL.lastPathComponent {
                let folder = url.appendingPathComponent(name)
                return FileKind.at(folder.path) == .directory
                    && (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty == true
            }
            return false
        }
    }

    /// Takes the directory's lock, with the one-line errors of a sweep.
    private func takeLock() throws -> PIDFileLock {
        do { return try PIDFileLock.acquire(lockURL) } catch PIDFileLock.Failure.held(let pid) {
            throw SweepError(
                "sweep directory '\(url.path)' is in use by another reckon process (PID "
                    + "\(pid.map(String.init) ?? "unknown")); wait for it to finish or stop it")
        } catch PIDFileLock.Failure.unusable(let reason) {
            throw SweepError("cannot use the lock file \(lockURL.path): \(reason)")
        }
    }

    /// Writes the manifest and the source file for `plan`, or checks the existing sweep against it.
    private func setUp(_ plan: SweepPlan, source: String, extend: Bool) throws -> SweepManifest {
        var manifest = SweepManifest(plan)
        if exists {
            let old = try self.manifest()
            guard let difference = old.difference(from: plan) else { return old }
            guard extend, old.name == plan.name, old.protocolName == plan.protocolName else {
                throw SweepError(
                    "'\(url.path)' already holds a different sweep: \(difference); "
                        + "use another --out, or --extend to add the new runs")
            }
            manifest = old.extended(with: plan)
        }
        do {
            for folder in [runsURL, logsURL] {
                try Folders.create(folder)
            }
            try AtomicFile.write(Data(source.utf8), to: sourceURL)
            // Last: a directory with sweep.json is a sweep.
            try write(manifest)
        } catch let failure as Folders.Failure {
            throw SweepError("cannot write the sweep directory '\(url.path)': \(failure.reason)")
        } catch {
            throw SweepError("cannot write the sweep directory '\(url.path)': \(SystemErrorText.reason(error))")
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
}
