/// Why a word-problem CSV file cannot be read; each description is one line naming the place.
public enum WordProblemCSVError: Error, Equatable, CustomStringConvertible {
    /// A target that is not the running product of its input in `group` (0-based position).
    case wrongTarget(line: Int, position: Int, found: Int, expected: Int, group: String)
    /// The file is larger than `WordProblemCSV.maximumBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// The file holds more examples than `WordProblemCSV.maximumRows`.
    case tooManyRows(limit: Int)
    /// The first line is not word-problem's header.
    case badHeader(found: String)
    /// A line that is not three comma-separated fields.
    case badRow(line: Int, reason: String)
    /// A token that is not an element id of the group.
    case badElement(line: Int, column: String, token: String, order: Int)
    /// Input and target of different lengths, or a row of another length than the first.
    case badLength(line: Int, reason: String)
    /// A header and no examples.
    case empty

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            return "the file has \(bytes) bytes; a word-problem CSV may have at most \(limit)"
        case .tooManyRows(let limit):
            return "the file has more than \(limit) examples, the most one file may hold"
        case .wrongTarget(let line, let position, let found, let expected, let group):
            return "line \(line): target position \(position) is \(found), but the running product in \(group) is "
                + "\(expected)"
        case .badHeader(let found):
            return "the first line must be word-problem's header 'seed,input,target', found '\(Self.clipped(found))'"
        case .badRow(let line, let reason): return "line \(line): \(reason)"
        case .badElement(let line, let column, let token, let order):
            return "line \(line): \(column) token '\(Self.clipped(token))' is not an element id 0...\(order - 1)"
        case .badLength(let line, let reason): return "line \(line): \(reason)"
        case .empty: return "the file has a header but no examples"
        }
    }

    /// At most 40 characters of what was found, so a message stays one short line.
    static func clipped(_ text: String) -> String {
        let flat = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }
        return flat.count <= 40 ? String(flat) : String(flat.prefix(40)) + "..."
    }
}
