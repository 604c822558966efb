/// Why the interpreter could not evaluate a program on an input: where tracr's evaluator raises.
public struct EvaluationError: Error, CustomStringConvertible, Sendable {
    /// The label of the s-op or selector that failed.
    public let label: String
    public let location: SourceLocation?
    /// The position (query index) where it failed.
    public let position: Int
    public let reason: String

    public var description: String {
        "\(label)\(location.map { " (\($0))" } ?? "") at position \(position): \(reason)"
    }
}
