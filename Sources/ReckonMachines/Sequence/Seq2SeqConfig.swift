import ReckonSupport

/// The settings of `seq2seq_lstm` and `seq2seq_attention`.
public struct Seq2SeqConfig: MachineConfig {
    /// As `pointer_net`'s default, so the baselines of Vinyals et al. 2015 compare at one size.
    @Setting("hidden_size", "LSTM units of the encoder and of the decoder", minimum: 1) public var hiddenSize = 256
    public var readout = ReadoutSettings()

    public init() {}

    /// The encoder reads the input as it is; the decoder writes the outputs itself.
    public func problem() -> String? {
        readout.computationSteps == 0
            ? nil : "computation_steps_mult must be 0 (the encoder-decoder has no blank tokens)"
    }
}
