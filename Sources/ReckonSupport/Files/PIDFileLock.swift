import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock held by one process at a time: `flock` on a lock file that holds the holder's pid.
///
/// The Lab locks a run folder with it (`.reckon.lock`: two processes once trained into one folder and
/// both exited 0 with the folder mixing two runs), a sweep its directory (`.lock`). The kernel releases a
/// `flock` when its process dies, so a `kill -9` never leaves a stale lock; the pid in the file only
/// names the holder in the second process's message.
///
/// The lock file is opened with `O_NOFOLLOW` and must be a regular file: a symbolic link planted in its
/// place once made Reckon write its pid into a file outside the run folder (issue 25, 4). A command
/// refused after taking the lock calls `abandon()`, which removes the file again if this lock created
/// it (and otherwise puts back what it said before), so a refusal leaves the disk as it found it.
/// Removing a lock file is safe because `acquire` checks, once it holds the lock, that the name still
/// leads to the file it locked, and starts over if not.
public final class PIDFileLock {
    /// Why the lock was not taken.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Another process holds it; `pid` is what its lock file says (nil if it says nothing).
        case held(pid: Int32?)
        /// The lock file cannot be used; `reason` says why in a few words.
        case unusable(reason: String)

        public var description: String {
            switch self {
            case .held(let pid): return "held by " + (pid.map { "process \($0)" } ?? "another process")
            case .unusable(let reason): return reason
            }
        }
    }

    /// The lock file.
    public let url: URL
    /// Whether this lock created its file (then `abandon` removes it).
    public let createdFile: Bool
    /// What the file said before this process wrote its pid (`abandon` writes it back).
    private let previousText: [UInt8]
    private var descriptor: Int32

    private init(url: URL, descriptor: Int32, createdFile: Bool, previousText: [UInt8]) {
        self.url = url
        self.descriptor = descriptor
        self.createdFile = createdFile
        self.previousText = previousText
    }

    /// Takes the lock at `url` (its folder must exist), creating the file if needed, and writes this
    /// process's pid into it; throws `Failure` without waiting when another process holds it.
    public static func acquire(_ url: URL) throws -> PIDFileLock {
        let path = url.path
        // A few rounds only matter when other processes remove the file meanwhile (see `abandon`).
        for _ in 0..<16 {
            let (fd, created) = try openLockFile(path)
            // A lock this process released can still be held for a moment by a child forked from another
            // thread before its exec closes the descriptor (the test suite saw "in use by process <itself>"
            // once in a few hundred runs); wait up to 0.2 s before naming ourselves as the holder.
            var attempts = 0
            while flock(fd, LOCK_EX | LOCK_NB) != 0, errno == EWOULDBLOCK, holder(fd) == getpid(), attempts < 40 {
                attempts += 1
                usleep(5_000)
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                defer { _ = close(fd) }
                guard code == EWOULDBLOCK else { throw Failure.unusable(reason: String(cString: strerror(code))) }
                throw Failure.held(pid: holder(fd))
            }
            // The name may have been removed (or replaced) between open and flock by a holder that
            // abandoned it; a lock on a file nobody else can open would lock nothing.
            guard stillNamed(path, by: fd) else {
                _ = close(fd)
                continue
            }
            let previous = contents(fd)
            // Only the holder writes the file, so a reader sees a whole pid or an empty file.
            write(Array("\(getpid())\n".utf8), to: fd)
            return PIDFileLock(url: url, descriptor: fd, createdFile: created, previousText: previous)
        }
        throw Failure.unusable(reason: "it was removed and created again by other processes too often")
    }

    /// Throws `Failure.held` if a process holds the lock at `url`; creates nothing.
    public static func checkNotHeld(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { _ = close(fd) }
        guard FileKind.of(descriptor: fd) == .regular else { return }
        if flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK { throw Failure.held(pid: holder(fd)) }
    }

    /// Whether this object still holds the lock.
    public var isHeld: Bool { descriptor >= 0 }

    /// Releases the lock (closing the descriptor releases the flock); the file stays.
    public func release() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        descriptor = -1
    }

    /// Releases the lock for a command that is refusing: removes the lock file first if this lock
    /// created it, so the refusal leaves nothing behind.
    public func abandon() {
        guard descriptor >= 0 else { return }
        if createdFile {
            if Self.stillNamed(url.path, by: descriptor) { _ = unlink(url.path) }
        } else {
            Self.write(previousText, to: descriptor)
        }
        release()
    }

    deinit { release() }

    /// Opens the lock file, creating it if it is absent; refuses a link or anything but a regular file.
    private static func openLockFile(_ path: String) throws -> (Int32, Bool) {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, true) }
            guard errno == EEXIST else { throw failure(opening: path, errno) }
            // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
            let existing = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0)
            if existing < 0 {
                if errno == ENOENT { continue }  // removed meanwhile: create it
                throw failure(opening: path, errno)
            }
            if let kind = FileKind.of(descriptor: existing), kind != .regular {
                _ = close(existing)
                throw Failure.unusable(reason: "it is \(kind.noun), not a lock file; remove it")
            }
            return (existing, false)
        }
    }

    private static func failure(opening path: String, _ code: Int32) -> Failure {
        // O_NOFOLLOW reports a link at the last component as ELOOP (Linux, macOS; FreeBSD says EMLINK).
        if code == ELOOP || code == EMLINK, FileKind.at(path) == .symbolicLink {
            return .unusable(reason: "it is a symbolic link, which Reckon does not follow for a lock file; remove it")
        }
        return .unusable(reason: String(cString: strerror(code)))
    }

    /// Whether `path` (not followed) is the file open as `fd`.
    private static func stillNamed(_ path: String, by fd: Int32) -> Bool {
        var named = stat()
        var open = stat()
        guard lstat(path, &named) == 0, fstat(fd, &open) == 0 else { return false }
        return named.st_dev == open.st_dev && named.st_ino == open.st_ino
    }

    /// The pid recorded in a lock file, if it holds one.
    private static func holder(_ fd: Int32) -> Int32? {
        let text = contents(fd)
        guard !text.isEmpty else { return nil }
        return Int32(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The start of a lock file: a pid is a few bytes; more is not Reckon's and is not kept.
    private static func contents(_ fd: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(buffer[0..<n]) : []
    }

    private static func write(_ text: [UInt8], to fd: Int32) {
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }
}
