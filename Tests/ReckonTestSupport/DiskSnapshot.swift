import Foundation

/// Everything under a folder, as the file system holds it: each entry's kind, a file's bytes, a link's
/// target. Two snapshots are equal when nothing under the folder was created, removed or changed
/// (times aside), which is what "a refused command changes nothing on disk" means.
public struct DiskSnapshot: Equatable, CustomStringConvertible {
    /// One entry: a regular file's bytes, a link's target, or the kind of anything else.
    public enum Entry: Equatable {
        case file(Data)
        case directory
        case link(String)
        case other(String)
    }

    /// Entries by path relative to the folder.
    public let entries: [String: Entry]

    /// The folder at `url` now (empty when it does not exist). Links are recorded, not followed.
    public init(_ url: URL) {
        var entries: [String: Entry] = [:]
        let fm = FileManager.default
        func walk(_ dir: URL, _ prefix: String) {
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
                let path = dir.appendingPathComponent(name)
                let key = prefix + name
                let type = (try? fm.attributesOfItem(atPath: path.path))?[.type] as? FileAttributeType
                switch type {
                case .typeDirectory?:
                    entries[key] = .directory
                    walk(path, key + "/")
                case .typeSymbolicLink?:
                    entries[key] = .link((try? fm.destinationOfSymbolicLink(atPath: path.path)) ?? "?")
                case .typeRegular?:
                    entries[key] = .file((try? Data(contentsOf: path)) ?? Data())
                default:
                    entries[key] = .other(type?.rawValue ?? "unknown")
                }
            }
        }
        walk(url, "")
        self.entries = entries
    }

    /// The paths whose entries differ between the two snapshots, for a failure message.
    public func changes(since before: DiskSnapshot) -> [String] {
        Set(entries.keys).union(before.entries.keys).filter { entries[$0] != before.entries[$0] }.sorted()
    }

    /// The entry count only: listings can be long, `changes(since:)` says what differs.
    public var description: String { "\(entries.count) entries" }
}
