/// One setting of a task (`operation`, `input_size`, ...): its name, default, help and, for
/// settings that take a name from a fixed list, the choices. Values arrive as text
/// (`--task-set name=value`, config.json) and each task parses them into typed fields.
public struct TaskSetting: Sendable, Equatable {
    public let name: String
    /// The default written as text, as `reckon tasks` lists it.
    public let defaultValue: String
    public let summary: String
    /// The accepted values for a setting that names one of a fixed list; nil otherwise.
    public let choices: [String]?

    public init(_ name: String, _ defaultValue: String, _ summary: String, choices: [String]? = nil) {
        self.name = name; self.defaultValue = defaultValue; self.summary = summary; self.choices = choices
    }
}

/// A task whose data depends on settings. `configured` returns the task with the given
/// settings applied over its defaults; an unknown name or an ill-typed value is a `TaskError`.
public protocol ConfigurableTask: AlgorithmicTask {
    /// Every setting, in listing order, with its default.
    var settings: [TaskSetting] { get }
    /// This task with `values` (name to text) applied; names not given keep their defaults.
    func configured(_ values: [String: String]) throws -> any AlgorithmicTask
}

extension ConfigurableTask {
    /// Throws `TaskError.unknownSetting` for a name outside `settings`.
    public func requireKnown(_ values: [String: String]) throws {
        let known = settings.map(\.name)
        if let bad = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw TaskError.unknownSetting(task: name, setting: bad, known: known)
        }
    }

    /// The value of setting `key` parsed by `parse`, or its default when absent.
    public func parsed<T>(_ values: [String: String], _ key: String, expected: String,
                          _ parse: (String) -> T?) throws -> T {
        let text = values[key] ?? settings.first { $0.name == key }?.defaultValue ?? ""
        guard let v = parse(text) else {
            throw TaskError.badSetting(task: name, setting: key, value: text, expected: expected)
        }
        return v
    }
}
