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
public enum AtomicFile {
    /// Replaces the file at `url` with `data`. On failure the previous file, if any, is untouched.
    public static func write(_ data: Data, to url: URL) throws {
        try write(data, to: url, beforeRename: {})
    }

    /// Replaces the file at `url` with the UTF-8 bytes of `string`.
    public static func write(string: String, to url: URL) throws {
        try write(Data(string.utf8), to: url)
    }

    /// `beforeRename` runs after the temporary file is complete and flushed; tests throw
    /// from it to prove a failed write leaves the target alone and cleans up.
    static func write(_ data: Data, to url: URL, beforeRename: () throws -> Void) throws {
        precondition(url.isFileURL, "AtomicFile writes file URLs only, got \(url)")
        let targetPath = url.path
        let directory = url.deletingLastPathComponent().path

        let (created, tempPath) = try createTemporaryFile(in: directory, for: url.lastPathComponent, target: targetPath)
        var fd = created
        var renamed = false
        defer {
            // Any failure before the rename: drop the half-made temp, never the target.
            if fd >= 0 { _ = close(fd) }
            if !renamed { _ = unlink(tempPath) }
        }

        // A rewritten checkpoint or config keeps the permissions the user gave the old one.
        var existing = stat()
        if stat(targetPath, &existing) == 0 {
            _ = fchmod(fd, existing.st_mode & 0o7777)
        }

        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFileError(path: targetPath, step: "write", code: errno)
                }
                offset += n
            }
        }
        guard flush(fd) else { throw AtomicFileError(path: targetPath, step: "fsync", code: errno) }
        let closed = close(fd)
        fd = -1
        // Network file systems may report deferred write errors only at close.
        guard closed == 0 else { throw AtomicFileError(path: targetPath, step: "close", code: errno) }

        try beforeRename()

        guard rename(tempPath, targetPath) == 0 else {
            throw AtomicFileError(path: targetPath, step: "rename", code: errno)
        }
        renamed = true
        try flushDirectory(directory, target: targetPath)
    }

    /// Opens a fresh temporary file next to the target. The name is hidden, names the target
    /// for whoever finds a leftover after a crash, and is unique across processes (pid) and
    /// threads (random suffix; `O_EXCL` makes a collision a retry rather than a clobber).
    private static func createTemporaryFile(in directory: String, for name: String, target: String) throws -> (Int32, String) {
        // Keep the temp name under NAME_MAX (255 bytes) even for long target names.
        let stem = String(decoding: name.utf8.prefix(150), as: UTF8.self)
        var lastError: Int32 = EEXIST
        for _ in 0..<16 {
            // The system generator is right here: the name never influences results, and a
            // seeded generator would make concurrent writers collide.
            let suffix = String(UInt64.random(in: .min ... .max), radix: 16)
            let path = directory + "/." + stem + ".tmp-\(getpid())-" + suffix
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, path) }
            lastError = errno
            if lastError != EEXIST && lastError != EINTR { break }
        }
        throw AtomicFileError(path: target, step: "create temporary file", code: lastError)
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
        let dfd = open(directory, O_RDONLY | O_CLOEXEC)
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

    public var description: String {
        "cannot write \(path): \(step) failed: \(String(cString: strerror(code)))"
    }
}
