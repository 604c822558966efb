/// A value a machine setting can hold: parsed from `--set name=value`, stored in config.json as
/// a `HyperValue`, and read back typed.
public protocol SettingValue: Sendable, Equatable {
    /// How the type is named in error messages ("an integer").
    static var typeName: String { get }
    /// The value written as text on the command line, or nil.
    init?(parsing text: String)
    /// The value stored in a config, or nil when it has another type.
    init?(stored value: HyperValue)
    /// The value as config.json stores it.
    var stored: HyperValue { get }
    /// The choices, for settings that take one of a fixed list.
    static var choices: [String]? { get }
}

extension SettingValue {
    public static var choices: [String]? { nil }
}

extension Int: SettingValue {
    public static var typeName: String { "an integer" }
    public init?(parsing text: String) { self.init(text) }
    public init?(stored value: HyperValue) {
        guard case .int(let v) = value else { return nil }
        self = v
    }
    public var stored: HyperValue { .int(self) }
}

extension Double: SettingValue {
    public static var typeName: String { "a number" }
    public init?(parsing text: String) { self.init(text) }
    /// Integers are numbers too (a config may say `1` for `1.0`).
    public init?(stored value: HyperValue) {
        switch value {
        case .float(let v): self = v
        case .int(let v): self = Double(v)
        default: return nil
        }
    }
    public var stored: HyperValue { .float(self) }
}

extension Bool: SettingValue {
    public static var typeName: String { "true or false" }
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "true", "1", "yes": self = true
        case "false", "0", "no": self = false
        default: return nil
        }
    }
    public init?(stored value: HyperValue) {
        guard case .bool(let v) = value else { return nil }
        self = v
    }
    public var stored: HyperValue { .bool(self) }
}

/// A setting that takes one of a fixed list of names: an enum whose raw values are the names.
public protocol SettingChoice: SettingValue, RawRepresentable, CaseIterable where RawValue == String {}

extension SettingChoice {
    public static var typeName: String { "a string" }
    public static var choices: [String]? { allCases.map(\.rawValue) }
    public init?(parsing text: String) { self.init(rawValue: text) }
    public init?(stored value: HyperValue) {
        guard case .string(let v) = value else { return nil }
        self.init(rawValue: v)
    }
    public var stored: HyperValue { .string(rawValue) }
}

/// One setting of a machine, declared once: its name, type, default, bounds and help. Listings
/// (`reckon models`), validation, saved configs and the machine's typed configuration all read it.
public struct Setting<Value: SettingValue>: Sendable {
    public let name: String
    public let defaultValue: Value
    public let summary: String
    /// The smallest valid value, for numbers.
    public let minimum: Double?
    /// A bound every valid value stays strictly below, for numbers (a dropout rate below 1).
    public let below: Double?

    public init(_ name: String, _ defaultValue: Value, _ summary: String, minimum: Double? = nil, below: Double? = nil)
    {
        self.name = name
        self.defaultValue = defaultValue
        self.summary = summary
        self.minimum = minimum
        self.below = below
    }

    /// The setting without its Swift type, as the catalog lists and checks it.
    public var described: HyperparameterSpec {
        HyperparameterSpec(name, defaultValue.stored, summary, choices: Value.choices, minimum: minimum, below: below)
    }
}

extension Hyperparameters {
    /// The value of `setting`. The settings have been validated (`MachineSpec.validate`), so a
    /// missing or ill-typed value here is a programmer error.
    public subscript<V: SettingValue>(_ setting: Setting<V>) -> V {
        guard let stored = values[setting.name], let v = V(stored: stored) else {
            preconditionFailure(
                "setting '\(setting.name)' is missing or not \(V.typeName); settings must be validated first")
        }
        return v
    }
}
