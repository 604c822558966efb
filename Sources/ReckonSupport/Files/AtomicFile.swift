import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that readers see either entirely old or entirely new, even across a crash.
///
/// The bytes go to a temporary file in the target's directory (rename is only atomic
/// within one file system), which is flushed to disk before it is renamed over the
/// target; the directory is then flushed so the rename itself survives a power loss.
/// There is deliberately no append: a partial append is exactly what this avoids.
///
/// Only a regular file (or nothing) is replaced: a device, a FIFO, a directory or a symbolic link at
/// the target is refused, since `rename` would put a regular file in its place (`reckon report --out
/// /dev/full` once turned /dev/full into a file) and a link names a file somewhere else. Nothing is
/// followed through a symbolic link: the temporary file is created with `O_EXCL | O_NOFOLLOW`, and
/// `rename` replaces the name itself.
public enum AtomicFile {
    /// Replaces the file at `url` with `data`. On failure the previous file, if any, is untouched;
    /// anything but a regular file at `url` is refused (`AtomicFileError.found`).
    public static func write(_ data: Data, to url: URL) throws {
        try write(data, to: url, beforeRename: {})
    }

    /// Throws what `write` would throw for `url` before it writes anything, so a command writing
    /// several files can refuse before the first (the checks `write` starts with, and a temporary file
    /// made and removed in the target's folder).
    public static func checkDestination(_ url: URL) throws {
        precondition(url.isFileURL, "AtomicFile writes file URLs only, got \(url)")
        _ = try regularFileOrNothing(at: url.path)
        let (fd, tempPath) = try createTemporaryFile(
            in: url.deletingLastPathComponent().path, for: url.lastPathComponent, target: url.path)
        _ = close(fd)
        _ = unlink(tempPath)
    }

    /// What lstat sees at `path`: nil when nothing is there, the regular file's status, or the
    /// refusal of anything else. lstat: a link is refused as a link, whatever it points at.
    private static func regularFileOrNothing(at path: String) throws -> stat? {
        var existing = stat()
        guard lstat(path, &existing) == 0 else { return nil }
        let kind = FileKind(mode: existing.st_mode)
        guard kind == .regular else {
            throw AtomicFileError(path: path, step: "check the destination", code: EEXIST, found: kind)
        }
        return existing
    }

    /// Replaces the file at `url` with the UTF-8 bytes of `string`.
    public static func write(string: String, to url: URL) throws {
        try write(Data(string.utf8), to: url)
    }

    /// `beforeRename` runs after the temporary file is complete and flushed; tests throw
    /// from it to prove a failed write leaves the target alone and cleans up.
    static func write(_ data: Data, to url: URL, beforeRename: () throws -> Void) throws {
        try replace(url, beforeRename: beforeRename) { writeNumber, emit in
            try data.withUnsafeBytes { raw in
                // Two halves, so the kill test can stop a writer with half a file on disk.
                let half = raw.count / 2
                try emit(UnsafeRawBufferPointer(rebasing: raw[..<half]))
                KillPoint.reached(.write(writeNumber, .partial))
                try emit(UnsafeRawBufferPointer(rebasing: raw[half...]))
            }
        }
    }

    /// Replaces the file at `url` with what `body` emits, piece by piece, for files too large to hold
    /// in memory at once (an exported dataset): the same temporary file, flush and rename as `write`.
    public static func write(to url: URL, streaming body: (_ emit: (Data) throws -> Void) throws -> Void) throws {
        try replace(url, beforeRename: {}) { _, emit in
            try withoutActuallyEscaping(emit) { emit in
                try body { data in try data.withUnsafeBytes { try emit($0) } }
            }
        }
    }

    /// The one way a file is replaced: the destination checked, a temporary file made beside it (keeping
    /// the old file's permissions), `body` writing into it through `emit`, flush and close,
    /// `beforeRename`, the rename, the directory flushed. Any failure before the rename drops the
    /// temporary file and leaves the target alone.
    private static func replace(
        _ url: URL, beforeRename: () throws -> Void,
        body: (_ writeNumber: Int, _ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        precondition(url.isFileURL, "AtomicFile writes file URLs only, got \(url)")
        let targetPath = url.path
        let directory = url.deletingLastPathComponent().path
        let existing = try regularFileOrNothing(at: targetPath)

        let (created, tempPath) = try createTemporaryFile(in: directory, for: url.lastPathComponent, target: targetPath)
        let writeNumber = KillPoint.nextWrite()
        var fd = created
        var renamed = false
        defer {
            // Any failure before the rename: drop the half-made temp, never the target.
            if fd >= 0 { _ = close(fd) }
            if !renamed { _ = unlink(tempPath) }
        }

        // A rewritten checkpoint or config keeps the permissions the user gave the old one.
        if let existing {
            _ = fchmod(fd, existing.st_mode & 0o7777)
        }

        try body(writeNumber) { raw in try writeAll(fd, raw.baseAddress, raw.count, path: targetPath) }
        guard flush(fd) else { throw AtomicFileError(path: targetPath, step: "fsync", code: errno) }
        let closed = close(fd)
        fd = -1
        // Network file systems may report deferred write errors only at close.
        guard closed == 0 else { throw AtomicFileError(path: targetPath, step: "close", code: errno) }

        try beforeRename()
        KillPoint.reached(.write(writeNumber, .complete))

        guard rename(tempPath, targetPath) == 0 else {
            throw AtomicFileError(path: targetPath, step: "rename", code: errno)
        }
        renamed = true
        KillPoint.reached(.write(writeNumber, .renamed))
        try flushDirectory(directory, target: targetPath)
    }

    /// Removes the temporary files that writers killed mid-write left in `directory` (a
    /// `kill -9` skips the cleanup in `write`): names of the form `.<target>.tmp-<pid>-<hex>`
    /// whose process no longer runs. Call it only while no live writer can use the directory
    /// (the Lab holds the run folder's lock). Returns the names removed.
    @discardableResult
    public static func removeStaleTemporaryFiles(in directory: URL) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted() {
            guard let pid = temporaryFileOwner(name), pid != getpid() else { continue }
            guard !isRunning(pid) else { continue }
            if unlink(directory.appendingPathComponent(name).path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// Whether process `pid` is alive. kill(pid, 0) probes without signalling (ESRCH: no such
    /// process); a zombie, a killed writer whose parent has not reaped it, counts as dead. (In a
    /// container whose first process does not reap orphans, killed writers stay zombies.)
    static func isRunning(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        #if os(Linux)
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let state = stat[stat.index(after: close)...].split(separator: " ").first
            if state == "Z" || state == "X" { return false }
        }
        #endif
        return true
    }

    /// The writer's pid if `name` is one of `write`'s temporary names, else nil.
    public static func temporaryFileOwner(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0,
            !parts[1].isEmpty, parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        return pid
    }

    /// Opens a fresh temporary file next to the target. The name is hidden, names the target
    /// for whoever finds a leftover after a crash, and is unique across processes (pid) and
    /// threads (random suffix; `O_EXCL` makes a collision a retry rather than a clobber).
    private static func createTemporaryFile(
        in directory: String, for name: String, target: String
    ) throws -> (Int32, String) {
        // Keep the temp name under NAME_MAX (255 bytes) even for long target names.
        let stem = String(decoding: name.utf8.prefix(150), as: UTF8.self)
        var lastError: Int32 = EEXIST
        for _ in 0..<16 {
            // The system generator is right here: the name never influences results, and a
            // seeded generator would make concurrent writers collide.
            let suffix = String(UInt64.random(in: .min ... .max), radix: 16)
            let path = directory + "/." + stem + ".tmp-\(getpid())-" + suffix
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, path) }
            lastError = errno
            if lastError != EEXIST && lastError != EINTR { break }
        }
        throw AtomicFileError(path: target, step: "create temporary file", code: lastError)
    }

    private static func writeAll(_ fd: Int32, _ start: UnsafeRawPointer?, _ count: Int, path: String) throws {
        guard let start else { return }
        var offset = 0
        while offset < count {
            let n = posixWrite(fd, start + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(path: path, step: "write", code: errno)
            }
            offset += n
        }
    }

    private static func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
        #elseif canImport(Musl)
        return Musl.write(fd, buffer, count)
        #else
        return Darwin.write(fd, buffer, count)
        #endif
    }

    /// Flushes file contents to stable storage. On Darwin plain fsync only reaches the
    /// drive's cache; F_FULLFSYNC reaches the platter, and fsync is the fallback where unsupported.
    private static func flush(_ fd: Int32) -> Bool {
        #if canImport(Darwin)
        if fcntl(fd, F_FULLFSYNC) == 0 { return true }
        #endif
        while true {
            if fsync(fd) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    /// Makes the rename durable. Some file systems cannot fsync a directory (EINVAL,
    /// ENOTSUP); there the rename is as durable as the platform allows, so that is not an error.
    private static func flushDirectory(_ directory: String, target: String) throws {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw AtomicFileError(path: target, step: "open directory for fsync", code: errno) }
        defer { _ = close(dfd) }
        if !flush(dfd) && errno != EINVAL && errno != ENOTSUP {
            throw AtomicFileError(path: target, step: "fsync directory", code: errno)
        }
    }
}

/// Why an atomic write failed: which step, for which path, and the system's reason.
public struct AtomicFileError: Error, CustomStringConvertible, Equatable {
    /// The file that was being written.
    public let path: String
    /// The step that failed, e.g. "rename".
    public let step: String
    /// The `errno` value the system reported.
    public let code: Int32
    /// What stands at `path` when the write was refused because it is not a regular file.
    public let found: FileKind?

    public init(path: String, step: String, code: Int32, found: FileKind? = nil) {
        self.path = path
        self.step = step
        self.code = code
        self.found = found
    }

    public var description: String {
        if let found {
            return "cannot write '\(path)': it is \(found.noun); Reckon replaces only regular files "
                + "(give a new path or a regular file)"
        }
        return "cannot write \(path): \(step) failed: \(String(cString: strerror(code)))"
    }
}
