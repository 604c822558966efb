/// Mistakes a user can make when asking for task data; each description is one line.
public enum TaskError: Error, Equatable, CustomStringConvertible {
    /// No task has this name; `suggestion` is the closest known name, if any is close.
    case unknownTask(name: String, suggestion: String?, known: [String])
    /// The task cannot produce inputs of this length; `valid` states what it can.
    case invalidLength(task: String, length: Int, valid: String)
    /// A symbol outside the task's alphabet was given to `encodeInput` / `encodeOutput`.
    case unknownSymbol(task: String, symbol: String, alphabet: [String])

    public var description: String {
        switch self {
        case .unknownTask(let name, let suggestion, let known):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ";"
            return "unknown task '\(name)'\(hint) known tasks: \(known.joined(separator: ", "))"
        case .invalidLength(let task, let length, let valid):
            return "task '\(task)' cannot sample length \(length); valid lengths: \(valid)"
        case .unknownSymbol(let task, let symbol, let alphabet):
            return "task '\(task)' has no symbol '\(symbol)'; its symbols: \(alphabet.joined(separator: " "))"
        }
    }
}
