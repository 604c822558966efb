/// A mistake in a `.rasp` text: where it is and one line saying what is wrong.
public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public let location: SourceLocation
    public let message: String
    /// The file the text came from, if any; it prefixes the description as compilers do.
    public var file: String?

    public init(_ location: SourceLocation, _ message: String, file: String? = nil) {
        self.location = location
        self.message = message
        self.file = file
    }

    /// `file:line:column: message` (or `line:column: message`).
    public var description: String {
        (file.map { "\($0):" } ?? "") + "\(location.line):\(location.column): \(message)"
    }
}
