import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exclusive lock every writer of a run folder holds: `reckon train`, `--resume` and
/// `eval`. Two processes once trained into one folder and both exited 0 with the folder
/// mixing two runs.
///
/// It is `flock` on the folder's `.reckon.lock`, which the kernel releases when the process
/// dies, so a `kill -9` never leaves a stale lock. The file holds the holder's pid, for the
/// message the second process prints. It is never deleted: removing a lock file while another
/// process waits on it would let two processes lock two different files.
public final class RunLock {
    /// The lock file's name inside a run folder.
    public static let fileName = ".reckon.lock"

    private var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock on `folder` (which must exist), or throws `LabError.runInUse` naming the holder.
    public static func acquire(_ folder: URL) throws -> RunLock {
        let path = folder.appendingPathComponent(fileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
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
            guard code == EWOULDBLOCK else {
                throw LabError.cannotWrite(path: path, reason: String(cString: strerror(code)))
            }
            throw LabError.runInUse(path: folder.path, pid: holder(fd))
        }
        // Only the holder writes the file, so a reader sees a whole pid or an empty file.
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return RunLock(descriptor: fd)
    }

    /// Throws `LabError.runInUse` if a process holds `folder`'s lock; creates nothing.
    public static func checkNotHeld(_ folder: URL) throws {
        let fd = open(folder.appendingPathComponent(fileName).path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { _ = close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK {
            throw LabError.runInUse(path: folder.path, pid: holder(fd))
        }
    }

    /// The pid recorded in a lock file, if it holds one.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether this object still holds the lock.
    public var isHeld: Bool { descriptor >= 0 }

    /// Releases the lock (closing the descriptor releases the flock).
    public func release() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
