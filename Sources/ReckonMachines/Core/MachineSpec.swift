import ReckonSupport
import ReckonTensor

/// How to build one kind of machine: its name, its settings (from its `MachineConfig`), the
/// rules between them, its memory setting, its footprint and its builder. Each machine declares
/// its spec beside its code (`static let spec`); `MachineCatalog` lists them.
public struct MachineSpec: Sendable {
    /// The catalog name, e.g. `stack_rnn`: written here only.
    public let name: String
    public let summary: String
    /// The machine's settings and `computation_steps_mult`, in listing order.
    public let hyperparameters: [HyperparameterSpec]
    /// The setting that bounds how many time steps the machine's memory holds (a stack's depth,
    /// a tape's cells), if any. It changes no parameter's shape, so evaluation may grow it.
    public let memorySetting: String?
    let rules: @Sendable (Hyperparameters) -> String?
    let estimate: @Sendable (Hyperparameters, FootprintShape) -> MachineFootprint
    let build: @Sendable (Hyperparameters, _ inputSize: Int, _ outputSize: Int, inout RandomGenerator) -> any Machine

    /// A machine whose settings are `C`'s; `build` and `footprint` get the typed configuration.
    public init<C: MachineConfig>(
        name: String, summary: String, config: C.Type, memorySetting: Setting<Int>? = nil,
        footprint: @escaping @Sendable (C, Hyperparameters, FootprintShape) -> MachineFootprint,
        build: @escaping @Sendable (C, _ inputSize: Int, _ outputSize: Int, inout RandomGenerator) -> any Machine
    ) {
        self.name = name
        self.summary = summary
        hyperparameters = C.settings + [SharedSettings.computationSteps.described]
        self.memorySetting = memorySetting?.name
        rules = { C.problem($0) }
        estimate = { hp, shape in footprint(C(hp), hp, shape) }
        self.build = { hp, i, o, rng in build(C(hp), i, o, &rng) }
    }

    /// What a machine with these (validated) settings needs for one sequence of `shape`.
    public func footprint(_ hp: Hyperparameters, _ shape: FootprintShape) -> MachineFootprint { estimate(hp, shape) }

    /// The defaults, as a resolved setting.
    public var defaults: Hyperparameters {
        Hyperparameters(Dictionary(uniqueKeysWithValues: hyperparameters.map { ($0.name, $0.defaultValue) }))
    }

    /// `base` (the defaults when nil) overridden by `name=value` strings; unknown names,
    /// ill-typed or out-of-range values and impossible combinations are errors.
    public func resolve(_ overrides: [String: String], onto base: Hyperparameters? = nil) throws -> Hyperparameters {
        var hp = base.map(completing) ?? defaults
        for (key, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let spec = hyperparameters.first(where: { $0.name == key }) else {
                throw MachineError.unknownHyperparameter(key, machine: name, known: hyperparameters.map(\.name))
            }
            guard let value = spec.defaultValue.parsing(text) else {
                throw MachineError.badValue(key, value: text, expected: spec.defaultValue.typeName)
            }
            hp.values[key] = value
        }
        try validate(hp)
        return hp
    }

    /// `hp` with every setting it lacks taken from the defaults: a config saved before a
    /// setting existed gets the value that reproduces the behaviour it was saved with.
    public func completing(_ hp: Hyperparameters) -> Hyperparameters {
        Hyperparameters(defaults.values.merging(hp.values) { $1 })
    }

    /// Checks resolved settings (from flags or from a saved config.json): every setting present
    /// with its type, within its choices and minimum, and the spec's rules between settings.
    public func validate(_ hp: Hyperparameters) throws {
        for spec in hyperparameters {
            let expected = spec.defaultValue.typeName
            guard let value = hp.values[spec.name],
                value.typeName == expected || (expected == "a number" && value.typeName == "an integer")
            else {
                throw MachineError.badValue(
                    spec.name, value: hp.values[spec.name]?.description ?? "nothing", expected: expected)
            }
            if let choices = spec.choices, !choices.contains(value.description) {
                throw MachineError.badValue(
                    spec.name, value: value.description, expected: "one of " + choices.joined(separator: ", "))
            }
            let number: Double? = {
                if case .int(let v) = value { return Double(v) }
                if case .float(let v) = value { return v }
                return nil
            }()
            // NaN passes every comparison, and neither NaN nor infinity can be written to config.json.
            if let number, !number.isFinite {
                throw MachineError.badValue(spec.name, value: value.description, expected: "a finite number")
            }
            func shown(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
            if let minimum = spec.minimum, let number, number < minimum {
                let upper = spec.below.map { " and below \(shown($0))" } ?? ""
                throw MachineError.badValue(
                    spec.name, value: value.description,
                    expected: "a value >= \(shown(minimum))\(upper)")
            }
            if let below = spec.below, let number, number >= below {
                let lower = spec.minimum.map { "a value >= \(shown($0)) and " } ?? "a value "
                throw MachineError.badValue(
                    spec.name, value: value.description,
                    expected: lower + "below \(shown(below))")
            }
        }
        if let problem = rules(hp) { throw MachineError.invalidCombination(machine: name, problem) }
    }

    /// A fresh machine with parameters drawn from `rng`; `hyperparameters` must be validated.
    public func make(
        inputSize: Int, outputSize: Int, hyperparameters: Hyperparameters, rng: inout RandomGenerator
    ) -> any Machine {
        let machine = build(hyperparameters, inputSize, outputSize, &rng)
        // Walks the module tree once now: a parameter kept where the walk cannot see it is a
        // programmer error at construction, not a silently untrained weight.
        _ = machine.namedParameterBoxes()
        return machine
    }
}
