import ReckonTensor

/// How to build one kind of machine, and the settings it accepts.
public struct MachineSpec {
    public let name: String
    public let summary: String
    /// Settings specific to this machine; `computation_steps_mult` is added to every machine.
    public let hyperparameters: [HyperparameterSpec]
    let build: (_ inputSize: Int, _ outputSize: Int, _ hp: Hyperparameters, _ rng: inout RandomGenerator) -> any Machine
    /// Rules between settings that no single value's range expresses (e.g. heads dividing a
    /// width); returns what is wrong and what would be valid, or nil.
    let check: (Hyperparameters) -> String?
    /// The setting that bounds how many time steps the machine's memory holds (a stack's depth,
    /// a tape's cells), if any. It changes no parameter's shape, so evaluation may grow it.
    public let memorySetting: String?
    /// Parameters, memory and tape limits for valid settings, before anything is built.
    let estimate: (Hyperparameters, FootprintShape) -> MachineFootprint

    public init(name: String, summary: String, hyperparameters: [HyperparameterSpec], memorySetting: String? = nil,
                check: @escaping (Hyperparameters) -> String? = { _ in nil },
                footprint: @escaping (Hyperparameters, FootprintShape) -> MachineFootprint,
                build: @escaping (Int, Int, Hyperparameters, inout RandomGenerator) -> any Machine) {
        self.name = name; self.summary = summary; self.memorySetting = memorySetting
        self.hyperparameters = hyperparameters + [MachineSpec.computationSteps]
        self.check = check
        self.estimate = footprint
        self.build = build
    }

    /// What a machine with these (validated) settings needs for one sequence of `shape`.
    public func footprint(_ hp: Hyperparameters, _ shape: FootprintShape) -> MachineFootprint { estimate(hp, shape) }

    static let computationSteps = HyperparameterSpec(
        "computation_steps_mult", .int(0), "blank computation tokens appended per input token (the reference's computation_steps_mult)", minimum: 0)

    /// The defaults, as a resolved setting.
    public var defaults: Hyperparameters { Hyperparameters(Dictionary(uniqueKeysWithValues: hyperparameters.map { ($0.name, $0.defaultValue) })) }

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
                  value.typeName == expected || (expected == "a number" && value.typeName == "an integer") else {
                throw MachineError.badValue(spec.name, value: hp.values[spec.name]?.description ?? "nothing", expected: expected)
            }
            if let choices = spec.choices, !choices.contains(value.description) {
                throw MachineError.badValue(spec.name, value: value.description, expected: "one of " + choices.joined(separator: ", "))
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
                throw MachineError.badValue(spec.name, value: value.description,
                                            expected: "a value >= \(shown(minimum))\(upper)")
            }
            if let below = spec.below, let number, number >= below {
                let lower = spec.minimum.map { "a value >= \(shown($0)) and " } ?? "a value "
                throw MachineError.badValue(spec.name, value: value.description,
                                            expected: lower + "below \(shown(below))")
            }
        }
        if let problem = check(hp) { throw MachineError.invalidCombination(machine: name, problem) }
    }

    /// A fresh machine with parameters drawn from `rng`.
    public func make(inputSize: Int, outputSize: Int, hyperparameters: Hyperparameters, rng: inout RandomGenerator) -> any Machine {
        build(inputSize, outputSize, hyperparameters, &rng)
    }
}

/// Errors a user can cause when choosing or configuring a machine.
public enum MachineError: Error, CustomStringConvertible, Equatable {
    case unknownMachine(String, suggestion: String?, known: [String])
    case unknownHyperparameter(String, machine: String, known: [String])
    case badValue(String, value: String, expected: String)
    case invalidCombination(machine: String, String)

    public var description: String {
        switch self {
        case let .unknownMachine(n, s, known):
            return "unknown model '\(n)'" + (s.map { "; did you mean '\($0)'?" } ?? ";") + " known models: "
                + known.joined(separator: ", ")
        case let .unknownHyperparameter(n, m, known):
            let hint = MachineCatalog.closest(to: n, in: known).map { "; did you mean '\($0)'?" } ?? ";"
            return "unknown hyperparameter '\(n)' for model '\(m)'\(hint) known: " + known.joined(separator: ", ")
        case let .badValue(n, v, e):
            return "hyperparameter '\(n)' got '\(v)'; expected \(e)"
        case let .invalidCombination(m, problem):
            return "model '\(m)': \(problem)"
        }
    }
}

/// Every machine Reckon knows, by name.
public enum MachineCatalog {
    static let registered: [MachineSpec] = [
        MachineSpec(name: "rnn", summary: "Elman RNN (Haiku VanillaRNN core), ReLU + linear readout",
                    hyperparameters: [HyperparameterSpec("hidden_size", .int(256), "hidden units", minimum: 1)],
                    footprint: { hp, s in .recurrent(hp, s, hidden: hp.int("hidden_size"), gates: 1) }
        ) { i, o, hp, rng in
            ElmanRNN(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
        },
        MachineSpec(name: "lstm", summary: "LSTM (Haiku gate order, forget bias 1), ReLU + linear readout",
                    hyperparameters: [HyperparameterSpec("hidden_size", .int(256), "hidden units", minimum: 1)],
                    footprint: { hp, s in .recurrent(hp, s, hidden: hp.int("hidden_size"), gates: 4) }
        ) { i, o, hp, rng in
            LSTMMachine(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
        },
    ] + MachineCatalog.stackMachines + MachineCatalog.transformerMachines + MachineCatalog.memoryMachines

    /// All machines in catalog order.
    public static var all: [MachineSpec] { registered }
    public static var names: [String] { registered.map(\.name) }

    /// The machine called `name`, or an error suggesting the closest known name.
    public static func spec(named name: String) throws -> MachineSpec {
        if let s = registered.first(where: { $0.name == name }) { return s }
        throw MachineError.unknownMachine(name, suggestion: closest(to: name, in: names), known: names)
    }

    static func closest(to name: String, in candidates: [String]) -> String? {
        func distance(_ a: String, _ b: String) -> Int {
            let a = Array(a), b = Array(b)
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var prev = row[0]; row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let cur = row[j]
                    row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                    prev = cur
                }
            }
            return row[b.count]
        }
        guard !name.isEmpty else { return nil }
        if let prefix = candidates.first(where: { $0.hasPrefix(name) || name.hasPrefix($0) }) { return prefix }
        // A word of a snake_case name counts too: "hiden" is one letter from "hidden" but six from "hidden_size".
        func score(_ c: String) -> Int {
            let words = c.split(separator: "_").map(String.init).filter { $0.count >= 3 }
            return ([c] + words).map { distance(name, $0) }.min() ?? distance(name, c)
        }
        let best = candidates.map { ($0, score($0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= Swift.max(2, name.count / 3) else { return nil }
        return best.0
    }
}
