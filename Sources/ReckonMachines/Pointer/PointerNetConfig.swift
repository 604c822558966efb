/// The settings of `pointer_net`.
public struct PointerNetConfig: MachineConfig {
    /// Vinyals et al. 2015 used one LSTM layer of 256 or 512 units for the hull and TSP.
    public static let hiddenSize = Setting(
        "hidden_size", 256, "LSTM units of the encoder and of the decoder", minimum: 1)
    public static let glimpses = Setting(
        "glimpses", 0,
        "attention glimpses before each pointer (Order Matters uses 1; Pointer Networks 0)",
        minimum: 0)
    public static let maskChosen = Setting(
        "mask_chosen", false,
        "forbid pointing at a position already chosen (off in the paper)")
    public static let settings = [hiddenSize.described, glimpses.described, maskChosen.described]

    public var hiddenSize: Int
    public var glimpses: Int
    public var maskChosen: Bool
    public var computationSteps: Int

    public init(_ values: Hyperparameters) {
        hiddenSize = values[Self.hiddenSize]
        glimpses = values[Self.glimpses]
        maskChosen = values[Self.maskChosen]
        computationSteps = values[SharedSettings.computationSteps]
    }

    /// The encoder reads the input itself and the decoder points into it: blank computation
    /// tokens would be positions it could point at.
    public static func problem(_ values: Hyperparameters) -> String? {
        values[SharedSettings.computationSteps] == 0
            ? nil
            : "computation_steps_mult must be 0 (blank tokens would be input positions to point at)"
    }
}
