/// The settings of `rnn` and `lstm`.
public struct RecurrentConfig: MachineConfig {
    public static let hiddenSize = Setting("hidden_size", 256, "hidden units", minimum: 1)
    public static let settings = [hiddenSize.described]

    public var hiddenSize: Int
    public var computationSteps: Int

    public init(_ values: Hyperparameters) {
        hiddenSize = values[Self.hiddenSize]
        computationSteps = values[SharedSettings.computationSteps]
    }
}
