import ReckonSupport

/// A machine name no machine has (a machine's settings are checked by `SettingGroup`: `SettingError`).
public enum MachineError: Error, CustomStringConvertible, Equatable {
    case unknownMachine(String, suggestion: String?, known: [String])

    public var description: String {
        switch self {
        case .unknownMachine(let n, let s, let known):
            return "unknown model '\(n)'" + (s.map { "; did you mean '\($0)'?" } ?? ";") + " known models: "
                + known.joined(separator: ", ")
        }
    }
}
