import ReckonSupport

/// Errors a user can cause when choosing or configuring a machine.
public enum MachineError: Error, CustomStringConvertible, Equatable {
    case unknownMachine(String, suggestion: String?, known: [String])
    case unknownHyperparameter(String, machine: String, known: [String])
    case badValue(String, value: String, expected: String)
    case invalidCombination(machine: String, String)

    public var description: String {
        switch self {
        case .unknownMachine(let n, let s, let known):
            return "unknown model '\(n)'" + (s.map { "; did you mean '\($0)'?" } ?? ";") + " known models: "
                + known.joined(separator: ", ")
        case .unknownHyperparameter(let n, let m, let known):
            let hint = NameSuggestion.closest(to: n, among: known).map { "; did you mean '\($0)'?" } ?? ";"
            return "unknown hyperparameter '\(n)' for model '\(m)'\(hint) known: " + known.joined(separator: ", ")
        case .badValue(let n, let v, let e):
            return "hyperparameter '\(n)' got '\(v)'; expected \(e)"
        case .invalidCombination(let m, let problem):
            return "model '\(m)': \(problem)"
        }
    }
}
