/// A command-line mistake: a missing flag, a bad file, an unknown name. One line.
public struct RaspUsageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}
