/// One hyperparameter value: the types a machine's settings can take.
public enum HyperValue: Equatable, Codable, CustomStringConvertible, Sendable {
    case int(Int), float(Double), bool(Bool), string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .float(let v): return String(v)
        case .bool(let v): return String(v)
        case .string(let v): return v
        }
    }

    var typeName: String {
        switch self {
        case .int: return "an integer"
        case .float: return "a number"
        case .bool: return "true or false"
        case .string: return "a string"
        }
    }

    /// Parses `text` as a value of the same type as `self` (the default).
    func parsing(_ text: String) -> HyperValue? {
        switch self {
        case .int: return Int(text).map(HyperValue.int)
        case .float: return Double(text).map(HyperValue.float)
        case .bool:
            switch text.lowercased() { case "true", "1", "yes": return .bool(true); case "false", "0", "no": return .bool(false); default: return nil }
        case .string: return .string(text)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .float(v) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .float(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        }
    }
}

/// A named setting of a machine, with its default and the values it accepts.
public struct HyperparameterSpec: Sendable {
    public let name: String
    public let defaultValue: HyperValue
    public let summary: String
    /// For string settings with a fixed vocabulary (e.g. positional encodings).
    public let choices: [String]?
    /// Smallest valid value for numeric settings.
    public let minimum: Double?
    /// For numeric settings, a bound every valid value stays strictly below (a dropout rate below 1).
    public let below: Double?

    public init(_ name: String, _ defaultValue: HyperValue, _ summary: String, choices: [String]? = nil,
                minimum: Double? = nil, below: Double? = nil) {
        self.name = name; self.defaultValue = defaultValue; self.summary = summary
        self.choices = choices; self.minimum = minimum; self.below = below
    }
}

/// The resolved settings of one machine: every spec'd name has a typed value.
public struct Hyperparameters: Equatable, Codable, Sendable {
    public var values: [String: HyperValue]

    public init(_ values: [String: HyperValue]) { self.values = values }

    public func int(_ name: String) -> Int {
        guard case .int(let v)? = values[name] else { preconditionFailure("hyperparameter '\(name)' is not an integer") }
        return v
    }
    public func float(_ name: String) -> Double {
        switch values[name] {
        case .float(let v)?: return v
        case .int(let v)?: return Double(v)
        default: preconditionFailure("hyperparameter '\(name)' is not a number")
        }
    }
    public func bool(_ name: String) -> Bool {
        guard case .bool(let v)? = values[name] else { preconditionFailure("hyperparameter '\(name)' is not a bool") }
        return v
    }
    public func string(_ name: String) -> String {
        guard case .string(let v)? = values[name] else { preconditionFailure("hyperparameter '\(name)' is not a string") }
        return v
    }
}
