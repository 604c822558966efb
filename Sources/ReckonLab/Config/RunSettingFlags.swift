import ReckonSupport

/// `reckon train`'s flags for run settings, derived from `RunSettings`: `batch_size` is
/// `--batch-size N` (or `--batch-size=N`; a truth value may stand alone: `--grow-memory`). A new
/// run setting is a new flag without an edit here or in the command.
public enum RunSettingFlags {
    /// The flag of setting `name`: `--batch-size`.
    public static func flag(_ name: String) -> String { "--" + name.replacingOccurrences(of: "_", with: "-") }

    /// The overrides `arguments` stand for, in order. An unknown flag or a missing value is a
    /// one-line `LabError`; values are checked when the overrides are applied.
    public static func parse(_ arguments: [String]) throws -> [SettingOverride] {
        var out: [SettingOverride] = []
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            i += 1
            guard token.hasPrefix("--"), token.count > 2 else {
                throw LabError.invalidOption("unexpected argument '\(token)'; options take the form --name value")
            }
            let body = token.dropFirst(2)
            let parts = body.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0].replacingOccurrences(of: "-", with: "_")
            guard let declaration = RunSettings.declaration(named: name) else {
                let flags = RunSettings.names.map(flag)
                let hint = NameSuggestion.closest(to: "--" + parts[0], among: flags).map { " did you mean '\($0)'?" }
                throw LabError.invalidOption(
                    "unknown option '--\(parts[0])';\(hint ?? "") see `reckon train --help` for the options")
            }
            if parts.count == 2 {
                out.append(SettingOverride(name, parts[1]))
            } else if declaration.typeName == Bool.typeName {
                // `--grow-memory` alone means true; `--grow-memory false` names the value.
                if i < arguments.count, Bool(parsing: arguments[i]) != nil {
                    out.append(SettingOverride(name, arguments[i]))
                    i += 1
                } else {
                    out.append(SettingOverride(name, "true"))
                }
            } else {
                guard i < arguments.count else {
                    throw LabError.invalidOption("\(token) needs a value: \(declaration.expected)")
                }
                // The next token is the value even if it starts with '-' (a negative number is
                // then refused by the setting, with its range, not taken for a flag).
                out.append(SettingOverride(name, arguments[i]))
                i += 1
            }
        }
        return out
    }

    /// One line per run setting for `reckon train --help`: flag, what it means, default.
    public static var help: String {
        // Two lines each: the help printer wraps at 80 columns and would break a wider table.
        RunSettings.declarations.map { d in
            let value = d.typeName == Bool.typeName ? "" : d.choices == nil ? " <value>" : " <name>"
            let choices = d.choices.map { " (" + $0.joined(separator: " | ") + ")" } ?? ""
            return "  \(flag(d.name))\(value)  (default \(d.defaultText))\n      \(d.summary)\(choices)"
        }.joined(separator: "\n")
    }
}
