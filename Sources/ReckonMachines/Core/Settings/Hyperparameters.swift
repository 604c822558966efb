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
