import Foundation

/// An exclusive advisory lock (flock) on a file, held while this object lives. The holder's
/// PID is written into the file so a second process can say who holds it.
public final class FileLock {
    private let fd: Int32
    public let url: URL

    /// Takes the lock or throws a one-line error naming the PID that holds it.
    public init(_ url: URL, what: String) throws {
        self.url = url
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SweepError("cannot open lock file \(url.path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            close(fd)
            throw SweepError(
                "\(what) is in use by another reckon process (PID "
                    + "\(holder.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown")); "
                    + "wait for it to finish or stop it")
        }
        self.fd = fd
        let pid = Data("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, pid.count, 0) }
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}
