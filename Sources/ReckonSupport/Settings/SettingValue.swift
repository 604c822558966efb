/// A type a setting can hold: parsed from text (`--set`, `--task-set`, a flag, a sweep key),
/// stored in config.json, and shown in listings.
public protocol SettingValue: Sendable, Equatable, Codable {
    /// How the type is named in error messages ("an integer").
    static var typeName: String { get }
    /// The value written as text, or nil.
    init?(parsing text: String)
    /// The value from its stored form, or nil when that has another type.
    init?(literal: SettingLiteral)
    /// The stored form.
    var literal: SettingLiteral { get }
    /// The value as listings and messages write it.
    var text: String { get }
    /// The choices, for settings that take one of a fixed list.
    static var choices: [String]? { get }
    /// The value as a number, for range checks (nil for truth values and names).
    var number: Double? { get }
}

extension SettingValue {
    public static var choices: [String]? { nil }
    public var number: Double? { nil }
    public var text: String { literal.description }
}

extension Int: SettingValue {
    public static var typeName: String { "an integer" }
    public init?(parsing text: String) { self.init(text) }
    public init?(literal: SettingLiteral) {
        guard case .int(let v) = literal else { return nil }
        self = v
    }
    public var literal: SettingLiteral { .int(self) }
    public var number: Double? { Double(self) }
}

/// Seeds take every 64-bit value, beyond what `Int` holds.
extension UInt64: SettingValue {
    public static var typeName: String { "a whole number from 0 to \(UInt64.max)" }
    public init?(parsing text: String) { self.init(text) }
    public init?(literal: SettingLiteral) {
        switch literal {
        case .int(let v) where v >= 0: self = UInt64(v)
        case .string(let text): self.init(text)
        default: return nil
        }
    }
    /// Stored as an integer where it fits (config.json writes the number either way).
    public var literal: SettingLiteral { self <= UInt64(Int.max) ? .int(Int(self)) : .string(String(self)) }
    public var text: String { String(self) }
    public var number: Double? { Double(self) }
}

extension Double: SettingValue {
    public static var typeName: String { "a finite number" }
    /// Only finite numbers: NaN passes every range comparison and neither can be written to JSON.
    public init?(parsing text: String) {
        guard let v = Double(text), v.isFinite else { return nil }
        self = v
    }
    /// Integers are numbers too (a config may say `1` for `1.0`).
    public init?(literal: SettingLiteral) {
        switch literal {
        case .float(let v): self = v
        case .int(let v): self = Double(v)
        default: return nil
        }
    }
    public var literal: SettingLiteral { .float(self) }
    public var number: Double? { self }
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
    public init?(literal: SettingLiteral) {
        guard case .bool(let v) = literal else { return nil }
        self = v
    }
    public var literal: SettingLiteral { .bool(self) }
}

/// A setting that takes one of a fixed list of names: an enum whose raw values are the names.
public protocol SettingChoice: SettingValue, RawRepresentable, CaseIterable where RawValue == String {}

extension SettingChoice {
    public static var typeName: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
    public static var choices: [String]? { allCases.map(\.rawValue) }
    public init?(parsing text: String) { self.init(rawValue: text) }
    public init?(literal: SettingLiteral) {
        guard case .string(let v) = literal else { return nil }
        self.init(rawValue: v)
    }
    public var literal: SettingLiteral { .string(rawValue) }
}
