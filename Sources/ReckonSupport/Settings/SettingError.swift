/// A setting a user named or wrote wrongly; each description is one line saying what is valid.
/// `owner` says whose setting it is ("model 'lstm'", "task 'decimal_addition'"), nil for a run's.
public enum SettingError: Error, Equatable, CustomStringConvertible {
    /// No setting of this name; `known` are the owner's settings.
    case unknown(String, owner: String?, known: [String])
    /// An ill-typed or out-of-range value; `expected` says what is valid.
    case badValue(String, value: String, expected: String, owner: String?)
    /// Values each valid alone that cannot go together (`problem` says why).
    case invalidCombination(String, owner: String?)

    public var description: String {
        switch self {
        case .unknown(let name, let owner, let known):
            let whose = owner.map { "\($0) has no setting" } ?? "no setting is called"
            let list = known.isEmpty ? "it takes no settings" : "valid: " + known.joined(separator: ", ")
            let hint = NameSuggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
            return "\(whose) '\(name)'; \(hint)\(list)"
        case .badValue(let name, let value, let expected, let owner):
            return (owner.map { "\($0): " } ?? "") + "\(name) must be \(expected), got '\(value)'"
        case .invalidCombination(let problem, let owner):
            return (owner.map { "\($0): " } ?? "") + problem
        }
    }
}
