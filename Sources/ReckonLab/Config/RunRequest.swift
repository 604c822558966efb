import ReckonMachines
import ReckonSupport
import ReckonTasks

/// What a user asked for, applied on top of a run's starting point: the defaults (or a protocol's
/// settings) for a new run, the saved config on resume. `reckon train`'s flags, `--set`,
/// `--task-set` and a sweep's keys all arrive as `overrides`, so every setting has one path.
public struct RunRequest: Sendable, Equatable {
    public var task: String?
    public var model: String?
    /// Run a pilot of this protocol (`reckon train --protocol paper`): its fixed settings, its
    /// memory sizes and their growth at evaluation; overrides of them are recorded as deviations.
    public var protocolName: String?
    /// Run, machine and task settings by name (`steps`, `hidden_size`, `task.format`), in the
    /// order given: a later one wins.
    public var overrides: [SettingOverride] = []

    public init(task: String? = nil, model: String? = nil, overrides: [SettingOverride] = []) {
        self.task = task
        self.model = model
        self.overrides = overrides
    }

    /// The run-level defaults every new run starts from, stated once (`RunSettings`): help texts
    /// and the README quote these (a test compares the README's numbers with them).
    public static let defaults = RunSettings()

    /// A new run: the task's and machine's defaults, the protocol's settings if one is named,
    /// then the overrides, validated.
    public func newRun() throws -> RunConfig {
        guard let task else { throw LabError.invalidOption("--task is required (see `reckon tasks`)") }
        guard let model else { throw LabError.invalidOption("--model is required (see `reckon models`)") }
        var c = try RunConfig.defaults(task: task, model: model)
        guard let protocolName else { return try applied(to: c) }
        let proto = try RunProtocol.named(protocolName)
        c = try Self.apply(proto.settings(for: model), to: c)
        c.protocolName = proto.name
        let deviations = overrides.filter { proto.isDeviation($0, model: model) }
        if !deviations.isEmpty {
            c.protocolDeviations = SettingOverride.values(deviations)
        }
        c = try Self.apply(overrides, to: c)
        if proto.growsMemoryForEvaluation { c.evaluationSettings = MemoryNeeds.grownForEvaluation(c) }
        try c.validate()
        return c
    }

    /// This request on top of `base`, validated. Machine settings go onto the current values, so
    /// on resume they change only what they name, and the rules between settings are checked
    /// against the run's own values.
    public func applied(to base: RunConfig) throws -> RunConfig {
        var c = base
        if let task { c.task = task }
        if let model, model != c.model {
            c.model = model
            c.machineSettings = try MachineCatalog.spec(named: model).defaults
        }
        c = try Self.apply(overrides, to: c)
        if c.growMemory { c.evaluationSettings = MemoryNeeds.grownForEvaluation(c) }
        try c.validate()
        return c
    }

    /// `overrides` applied to `config` in order: run settings (`RunSettings`), task settings
    /// (`task.<name>`), the rest as settings of the config's machine. `task` and `model` switch
    /// the task or machine (a sweep's keys; a new machine starts from its defaults). An unknown
    /// name is a one-line error listing what is valid. Not validated as a whole (callers do).
    public static func apply(_ overrides: [SettingOverride], to config: RunConfig) throws -> RunConfig {
        var c = config
        for o in overrides where o.name == "task" || o.name == "model" {
            if o.name == "task" {
                _ = try TaskCatalog.task(named: o.text)
                c.task = o.text
            } else if o.text != c.model {
                c.machineSettings = try MachineCatalog.spec(named: o.text).defaults
                c.model = o.text
            }
        }
        let spec = try MachineCatalog.spec(named: c.model)
        var run: [(name: String, text: String)] = []
        var machine: [String: String] = [:]
        for o in overrides where o.name != "task" && o.name != "model" {
            if let setting = o.taskSetting {
                c.taskSettings = (c.taskSettings ?? [:]).merging([setting: o.text]) { $1 }
            } else if RunSettings.declaration(named: o.name) != nil {
                run.append((o.name, o.text))
            } else if spec.settingNames.contains(o.name) {
                machine[o.name] = o.text
            } else {
                throw SettingError.unknown(
                    o.name, owner: "model '\(c.model)' (or a run)", known: spec.settingNames + RunSettings.names)
            }
        }
        if !run.isEmpty { c.settings = try c.settings.applying(run, owner: nil) }
        if !machine.isEmpty { c.machineSettings = try spec.resolve(machine, onto: c.machineSettings) }
        return c
    }
}
