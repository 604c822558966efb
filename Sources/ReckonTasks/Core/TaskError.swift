/// Mistakes a user can make when asking for task data; each description is one line.
public enum TaskError: Error, Equatable, CustomStringConvertible {
    /// No task has this name; `suggestion` is the closest known name, if any is close.
    case unknownTask(name: String, suggestion: String?, known: [String])
    /// The task cannot produce inputs of this length; `valid` states what it can.
    case invalidLength(task: String, length: Int, valid: String)
    /// A symbol outside the task's alphabet was given to `encodeInput` / `encodeOutput`.
    case unknownSymbol(task: String, symbol: String, alphabet: [String])
    /// The task has no setting of this name (or takes no settings at all: `known` is empty).
    case unknownSetting(task: String, setting: String, known: [String])
    /// A setting's value is ill-typed or out of range; `expected` says what it accepts.
    case badSetting(task: String, setting: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .unknownTask(name, suggestion, known):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ";"
            return "unknown task '\(name)'\(hint) known tasks: \(known.joined(separator: ", "))"
        case let .invalidLength(task, length, valid):
            return "task '\(task)' cannot sample length \(length); valid lengths: \(valid)"
        case let .unknownSymbol(task, symbol, alphabet):
            return "task '\(task)' has no symbol '\(symbol)'; its symbols: \(alphabet.joined(separator: " "))"
        case let .unknownSetting(task, setting, known):
            let list = known.isEmpty ? "it takes no settings" : "its settings: " + known.joined(separator: ", ")
            return "task '\(task)' has no setting '\(setting)'; \(list)"
        case let .badSetting(task, setting, value, expected):
            return "task '\(task)' setting \(setting)=\(value) is invalid; expected \(expected)"
        }
    }
}
