import ReckonSupport

/// A task whose data depends on settings: its `@Setting`s live in one `SettingGroup`
/// (`settings`), which `reckon tasks` lists and `--task-set` / `task.<name>` sweep keys set.
public protocol ConfigurableTask: AlgorithmicTask {
    associatedtype Settings: SettingGroup
    /// The task's settings; the task reads them, nothing else stores them.
    var settings: Settings { get set }
}

extension ConfigurableTask {
    /// Every setting, in listing order, with its default.
    public var settingDeclarations: [SettingDeclaration] { Settings.declarations }

    /// This task with `values` (name to text) applied over its defaults; an unknown name, a bad
    /// value or an impossible combination is a `SettingError` naming the task.
    public func configured(_ values: [String: String]) throws -> any AlgorithmicTask {
        var t = self
        let texts = values.sorted { $0.key < $1.key }.map { (name: $0.key, text: $0.value) }
        t.settings = try Settings().applying(texts, owner: "task '\(name)'")
        return t
    }
}
