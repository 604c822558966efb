import ReckonSupport
import ReckonTensor

/// How to build one kind of machine: its name, its settings (its `MachineConfig`'s declarations),
/// its memory setting, its footprint and its builder. Each machine declares its spec beside its
/// code (`static let spec`); `MachineCatalog` lists them.
public struct MachineSpec: Sendable {
    /// The catalog name, e.g. `stack_rnn`: written here only.
    public let name: String
    public let summary: String
    /// The machine's settings, `computation_steps_mult` last, in listing order.
    public let settings: [SettingDeclaration]
    /// The setting that bounds how many time steps the machine's memory holds (a stack's depth,
    /// a tape's cells), if any. It changes no parameter's shape, so evaluation may grow it.
    public let memorySetting: String?
    let typed: @Sendable (StoredSettings, String) throws -> any MachineConfig
    let apply: @Sendable (StoredSettings, [(name: String, text: String)], String) throws -> StoredSettings
    let estimate: @Sendable (any MachineConfig, FootprintShape) -> MachineFootprint
    let refuse: @Sendable (any MachineConfig, FootprintShape) -> String?
    let build: @Sendable (any MachineConfig, _ inputSize: Int, _ outputSize: Int, inout RandomGenerator) -> any Machine

    /// A machine whose settings are `C`'s; `build` and `footprint` get the typed configuration.
    /// `refuses` names what makes a task's shape unusable for these settings (nil: every shape
    /// the footprint allows is fine).
    public init<C: MachineConfig>(
        name: String, summary: String, config: C.Type, memorySetting: KeyPath<C, Setting<Int>>? = nil,
        footprint: @escaping @Sendable (C, FootprintShape) -> MachineFootprint,
        refuses: (@Sendable (C, FootprintShape) -> String?)? = nil,
        build: @escaping @Sendable (C, _ inputSize: Int, _ outputSize: Int, inout RandomGenerator) -> any Machine
    ) {
        self.name = name
        self.summary = summary
        settings = C.declarations
        self.memorySetting = memorySetting.map { C()[keyPath: $0].name }
        typed = { stored, owner in try C.fromLiterals(stored.values, owner: owner) }
        apply = { stored, texts, owner in
            StoredSettings(try C.fromLiterals(stored.values, owner: owner).applying(texts, owner: owner).literals)
        }
        estimate = { config, shape in footprint(config as! C, shape) }
        refuse = { config, shape in refuses?(config as! C, shape) }
        self.build = { config, i, o, rng in build(config as! C, i, o, &rng) }
    }

    /// How messages name this machine.
    var owner: String { "model '\(name)'" }

    /// The names of the settings.
    public var settingNames: [String] { settings.map(\.name) }

    /// The defaults, as stored.
    public var defaults: StoredSettings {
        StoredSettings(Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0.defaultLiteral) }))
    }

    /// `base` (the defaults when nil) with `overrides` (name to text) applied; unknown names,
    /// ill-typed or out-of-range values and impossible combinations are `SettingError`s.
    public func resolve(_ overrides: [String: String], onto base: StoredSettings? = nil) throws -> StoredSettings {
        let texts = overrides.sorted { $0.key < $1.key }.map { (name: $0.key, text: $0.value) }
        return try apply(base ?? defaults, texts, owner)
    }

    /// `stored` with every setting it lacks taken from the defaults: a config saved before a
    /// setting existed gets the value that reproduces the behaviour it was saved with.
    public func completing(_ stored: StoredSettings) -> StoredSettings {
        StoredSettings(defaults.values.merging(stored.values) { $1 })
    }

    /// Checks stored settings (from flags or from a saved config.json): types, ranges, choices
    /// and the rules between settings.
    public func validate(_ stored: StoredSettings) throws { _ = try typed(completing(stored), owner) }

    /// The typed configuration of validated settings.
    public func config(_ stored: StoredSettings) throws -> any MachineConfig { try typed(completing(stored), owner) }

    /// What a machine with these (validated) settings needs for one sequence of `shape`.
    public func footprint(_ stored: StoredSettings, _ shape: FootprintShape) throws -> MachineFootprint {
        estimate(try config(stored), shape)
    }

    /// Why a machine with these (validated) settings cannot take a task of `shape`, in one line,
    /// or nil. Why: the table machines read their answer at the last input positions, so an
    /// answer longer than the input or an input longer than their position table has no place;
    /// a run must be refused before anything is built, not stopped by a failed precondition.
    public func problem(_ stored: StoredSettings, _ shape: FootprintShape) throws -> String? {
        refuse(try config(stored), shape)
    }

    /// A fresh machine with parameters drawn from `rng`; `settings` must be valid.
    public func make(
        inputSize: Int, outputSize: Int, settings stored: StoredSettings, rng: inout RandomGenerator
    ) -> any Machine {
        let config: any MachineConfig
        do { config = try self.config(stored) } catch {
            preconditionFailure("settings must be validated before a machine is built: \(error)")
        }
        let machine = build(config, inputSize, outputSize, &rng)
        // Walks the module tree once now: a parameter kept where the walk cannot see it is a
        // programmer error at construction, not a silently untrained weight.
        _ = machine.namedParameterBoxes()
        return machine
    }
}
