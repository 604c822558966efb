/// Why a function failed on a value (Python would raise).
public struct ExprError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ message: String) { description = message }
}
