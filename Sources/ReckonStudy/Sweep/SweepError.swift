/// Mistakes in a sweep file or a sweep directory: one line naming the problem, the place in
/// the file where there is one, and what would be valid (the CLI prints it and exits 2).
public struct SweepError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// An error at `line:column` of `file`.
    static func at(_ file: String, _ line: Int, _ column: Int, _ message: String) -> SweepError {
        SweepError("\(file):\(line):\(column): \(message)")
    }
}
