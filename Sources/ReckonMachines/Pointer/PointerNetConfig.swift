import ReckonSupport

/// The settings of `pointer_net`.
public struct PointerNetConfig: MachineConfig {
    /// Vinyals et al. 2015 used one LSTM layer of 256 or 512 units for the hull and TSP.
    @Setting("hidden_size", "LSTM units of the encoder and of the decoder", minimum: 1) public var hiddenSize = 256
    @Setting(
        "glimpses", "attention glimpses before each pointer (Order Matters uses 1; Pointer Networks 0)", minimum: 0)
    public var glimpses = 0
    @Setting("mask_chosen", "forbid pointing at a position already chosen (off in the paper)")
    public var maskChosen = false
    public var readout = ReadoutSettings()

    public init() {}

    /// The encoder reads the input itself and the decoder points into it: blank computation
    /// tokens would be positions it could point at.
    public func problem() -> String? {
        readout.computationSteps == 0
            ? nil : "computation_steps_mult must be 0 (blank tokens would be input positions to point at)"
    }
}
