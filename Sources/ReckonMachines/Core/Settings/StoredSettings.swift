import ReckonSupport

/// A machine's settings by name as config.json stores them (`"hyperparameters": {"values": ...}`);
/// its `MachineSpec` turns them into the machine's typed `MachineConfig`.
public struct StoredSettings: Equatable, Codable, Sendable {
    public var values: [String: SettingLiteral]

    public init(_ values: [String: SettingLiteral]) { self.values = values }
}
