import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `mkdir -p` that can be undone: run and sweep folders are created with it, and a command refused
/// after creating them removes what it made, so a refusal leaves the disk as it found it.
public enum Folders {
    /// Why a folder could not be created, in a few words: the system's reason and where it stopped.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Creates `url` and every missing folder above it through mkdir(2), so a failure names the path
    /// and the system's reason in one line (Foundation's createDirectory printed NSCocoaErrorDomain
    /// codes and a UserInfo dump). Returns the folders it created, outermost first. On failure it
    /// removes those again: a --out of 25 components of 200 characters once left 20 nested folders
    /// behind an exit code 2.
    @discardableResult
    public static func create(_ url: URL) throws -> [String] {
        var path = ""
        var made: [String] = []
        let whole = url.standardizedFileURL.path
        func fail(_ reason: String) -> Failure {
            removeCreated(made)
            return Failure(reason: reason)
        }
        for component in whole.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/" + component
            if mkdir(path, 0o777) == 0 {
                made.append(path)
                continue
            }
            var code = errno
            if code == EEXIST {
                var info = stat()
                if stat(path, &info) == 0 {
                    if (info.st_mode & S_IFMT) == S_IFDIR { continue }
                    throw fail("'\(path)' is a file, not a folder")
                }
                // A link that leads nowhere, or in a loop: stat's reason says which.
                code = errno
            }
            let reason = String(cString: strerror(code))
            if code == ENAMETOOLONG { throw fail("\(reason) (the path has \(whole.utf8.count) bytes)") }
            throw fail(path == whole ? reason : "\(reason) (at '\(path)')")
        }
        return made
    }

    /// Removes folders `create` made, innermost first; only empty ones go (rmdir), so nothing
    /// another process put there meanwhile is lost.
    public static func removeCreated(_ made: [String]) {
        for path in made.reversed() { _ = rmdir(path) }
    }
}
