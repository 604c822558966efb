import ReckonSupport

/// The settings of `rnn` and `lstm`.
public struct RecurrentConfig: MachineConfig {
    @Setting("hidden_size", "hidden units", minimum: 1) public var hiddenSize = 256
    public var readout = ReadoutSettings()

    public init() {}
}
