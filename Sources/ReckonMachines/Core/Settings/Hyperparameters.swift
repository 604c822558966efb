/// The resolved settings of one machine by name, as config.json stores them; read them typed
/// through a `Setting` (`hp[RecurrentConfig.hiddenSize]`).
public struct Hyperparameters: Equatable, Codable, Sendable {
    public var values: [String: HyperValue]

    public init(_ values: [String: HyperValue]) { self.values = values }
}
