/// A `lib:<name>` that names no library program.
public struct LibraryError: Error, CustomStringConvertible, Sendable {
    public let name: String
    public let known: [String]
    public var description: String {
        "no library program '\(name)' (known: \(known.joined(separator: ", ")); see `reckon rasp list`)"
    }
}
