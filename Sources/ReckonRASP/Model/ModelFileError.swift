/// A file that is not a compiled RASP model or does not match its own metadata.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
