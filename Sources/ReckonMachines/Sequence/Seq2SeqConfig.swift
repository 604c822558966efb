/// The settings of `seq2seq_lstm` and `seq2seq_attention`.
public struct Seq2SeqConfig: MachineConfig {
    /// As `pointer_net`'s default, so the baselines of Vinyals et al. 2015 compare at one size.
    public static let hiddenSize = Setting(
        "hidden_size", 256, "LSTM units of the encoder and of the decoder", minimum: 1)
    public static let settings = [hiddenSize.described]

    public var hiddenSize: Int
    public var computationSteps: Int

    public init(_ values: Hyperparameters) {
        hiddenSize = values[Self.hiddenSize]
        computationSteps = values[SharedSettings.computationSteps]
    }

    /// The encoder reads the input as it is; the decoder writes the outputs itself.
    public static func problem(_ values: Hyperparameters) -> String? {
        values[SharedSettings.computationSteps] == 0
            ? nil
            : "computation_steps_mult must be 0 (the encoder-decoder has no blank tokens)"
    }
}
