import ReckonSupport

/// A machine's typed configuration: its `@Setting`s, and the readout's, which every machine has.
public protocol MachineConfig: SettingGroup {
    /// `computation_steps_mult`, declared once in `ReadoutSettings`.
    var readout: ReadoutSettings { get }
}

/// The setting every machine has: blank computation tokens per input token (the reference's
/// `computation_steps_mult`), which `Readout` appends to the tape.
public struct ReadoutSettings: SettingGroup {
    @Setting(
        "computation_steps_mult",
        "blank computation tokens appended per input token (the reference's computation_steps_mult)",
        minimum: 0, maximum: 1000)
    public var computationSteps = 0

    public init() {}
}
