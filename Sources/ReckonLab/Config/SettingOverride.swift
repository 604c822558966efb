/// One setting a user gave by name, as text: a run setting (`steps`), a machine setting
/// (`hidden_size`) or a task setting (`task.format`). Flags of `reckon train`, `--set`,
/// `--task-set` and sweep keys all become these and go through `RunRequest`.
public struct SettingOverride: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var text: String

    public init(_ name: String, _ text: String) {
        self.name = name
        self.text = text
    }

    /// Task settings are written `task.<name>` (`task.operation: [add, sub]`), like `--task-set`.
    public static let taskPrefix = "task."

    /// The task setting this names (`format` for `task.format`), or nil.
    public var taskSetting: String? {
        name.hasPrefix(Self.taskPrefix) && name.count > Self.taskPrefix.count
            ? String(name.dropFirst(Self.taskPrefix.count)) : nil
    }

    public var description: String { "\(name)=\(text)" }

    /// Equal as text, or as numbers (`1e-4` and `0.0001`).
    public static func sameValue(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if let x = Double(a), let y = Double(b) { return x == y }
        return false
    }

    /// Values by name; of a name given more than once, the last (as `reckon train` applies them).
    public static func values(_ overrides: [SettingOverride]) -> [String: String] {
        Dictionary(overrides.map { ($0.name, $0.text) }, uniquingKeysWith: { $1 })
    }

    /// `name=value` items (`--set`, `--task-set`), in order; an item without `=` or without a
    /// name is a one-line error naming `flag`. `prefix` goes before each name (`task.`).
    public static func parse(_ items: [String], flag: String, prefix: String = "") throws -> [SettingOverride] {
        try items.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw LabError.invalidOption("\(flag) expects name=value, got '\(item)'")
            }
            return SettingOverride(prefix + parts[0], parts[1])
        }
    }
}
