import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A text file a user names (a sweep file), read whole as UTF-8 with one-line reasons for what is
/// not one: a FIFO or `/dev/zero` once gave "You don't have permission", a directory a raw
/// NSCocoaErrorDomain code.
public enum TextFile {
    /// Why the file cannot be read, in a few words.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The bytes a text file may have; a larger one is refused before it is read.
    public static let defaultLimit = 64 << 20

    /// The contents of the regular file at `path` (a link to one is followed: it is only read).
    public static func read(_ path: String, limit: Int = defaultLimit) throws -> String {
        // O_NONBLOCK: opening a FIFO must not wait for a writer before it is refused.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw Failure(reason: "it does not exist")
            case EACCES: throw Failure(reason: "permission denied")
            default: throw Failure(reason: String(cString: strerror(code)))
            }
        }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        let kind = FileKind(mode: info.st_mode)
        guard kind == .regular else { throw Failure(reason: "it is \(kind.noun), not a regular file") }
        guard Int(info.st_size) <= limit else {
            throw Failure(reason: "it has \(info.st_size) bytes, and at most \(limit) are read")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + count, $0.count - count, off_t(count)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw Failure(reason: String(cString: strerror(errno))) }
            if n == 0 { break }  // shorter than it was when examined
            count += n
        }
        guard let text = String(bytes: bytes[0..<count], encoding: .utf8) else {
            throw Failure(reason: "it is not UTF-8 text")
        }
        return text
    }
}
