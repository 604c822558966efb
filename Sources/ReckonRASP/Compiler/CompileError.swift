/// Why a program cannot be compiled (a construct the compiler does not support, or a
/// vocabulary or length it cannot work with). One line, naming the s-op and where it was written.
public struct CompileError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    /// The message about a node of the graph, prefixed with its label and source location.
    init(_ node: ProgramGraph.Node, _ message: String) {
        self.message = "\(node.label)\(node.location.map { " (\($0))" } ?? ""): \(message)"
    }

    public var description: String { message }
}
