/// A program of the library, with the vocabulary and maximum length it is compiled for by default.
public struct LibraryProgram: Sendable {
    public let name: String
    public let summary: String
    /// Where the program comes from.
    public let origin: String
    public let source: String
    public let vocabulary: [Value]
    public let maxLength: Int

    /// The parsed program (the sources are tested to parse).
    public var program: Program { try! Program(parsing: source, file: "lib:\(name)") }
}
