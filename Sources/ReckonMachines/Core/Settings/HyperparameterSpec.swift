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

    public init(
        _ name: String, _ defaultValue: HyperValue, _ summary: String, choices: [String]? = nil,
        minimum: Double? = nil, below: Double? = nil
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.summary = summary
        self.choices = choices
        self.minimum = minimum
        self.below = below
    }
}
