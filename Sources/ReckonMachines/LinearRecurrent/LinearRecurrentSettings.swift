import ReckonSupport

/// The settings every linear recurrent machine shares: width, depth, the transition's
/// eigenvalue range and the form that computes the recurrence.
public struct LinearRecurrentSettings: SettingGroup {
    // Grazzi et al.'s protocol (parity_delta_net.yaml, mod_arithmetic_mamba.yaml): d_model 128, 2 layers.
    @Setting("d_model", "model width D", minimum: 1, maximum: 65_536) public var width = 128
    @Setting("num_layers", "stacked blocks", minimum: 1, maximum: 1024) public var layers = 2
    @Setting("eigenvalue_range", "0_1: transitions as published; minus1_1: Grazzi et al.'s [-1, 1]")
    public var eigenvalueRange = EigenvalueRange.zeroToOne
    @Setting("form", "parallel: whole-sequence scan or chunked form; recurrent: step by step (same numbers)")
    public var form = RecurrenceForm.parallel

    public init() {}
}
