/// A machine's typed configuration: its settings declared once (`settings`), and a value built
/// once from validated settings that the machine's initializer reads.
public protocol MachineConfig: Sendable {
    /// Every setting of the machine, in listing order (`computation_steps_mult` is added by the catalog).
    static var settings: [HyperparameterSpec] { get }
    /// Reads validated settings.
    init(_ values: Hyperparameters)
    /// What makes a combination of settings unusable, in one line, or nil (rules no single
    /// setting's range expresses, such as heads dividing a width).
    static func problem(_ values: Hyperparameters) -> String?
}

extension MachineConfig {
    public static func problem(_ values: Hyperparameters) -> String? { nil }
}

/// The setting every machine has: blank computation tokens per input token (the reference's
/// `computation_steps_mult`), which `Readout` appends to the tape.
public enum SharedSettings {
    public static let computationSteps = Setting(
        "computation_steps_mult", 0,
        "blank computation tokens appended per input token (the reference's computation_steps_mult)",
        minimum: 0)
}
