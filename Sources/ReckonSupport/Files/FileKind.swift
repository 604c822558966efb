import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What stands at a path, seen without following a final symbolic link (lstat), named as messages name it.
///
/// Reckon writes only regular files and reads user files only when they are regular: replacing
/// `/dev/full` or a FIFO with a report, or writing a pid through a symbolic link into a file outside the
/// run folder, were bugs (issue 25, 4 and 5).
public enum FileKind: Equatable, Sendable {
    case regular, directory, symbolicLink, fifo, characterDevice, blockDevice, socket, other

    /// The kind of the entry at `path`, or nil when there is none (or it cannot be examined).
    public static func at(_ path: String) -> FileKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return FileKind(mode: info.st_mode)
    }

    /// The kind of an open file.
    public static func of(descriptor fd: Int32) -> FileKind? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return FileKind(mode: info.st_mode)
    }

    /// The kind a `stat` mode names.
    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .other
        }
    }

    /// "a directory", "a FIFO", ...
    public var noun: String {
        switch self {
        case .regular: return "a regular file"
        case .directory: return "a directory"
        case .symbolicLink: return "a symbolic link"
        case .fifo: return "a FIFO (named pipe)"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .socket: return "a socket"
        case .other: return "a special file"
        }
    }
}
