import ReckonSupport
/// The settings of a two-layer arithmetic stack, with the defaults of one of the paper's models
/// (`Preset`): which unit each layer is, the hidden width, and the sparsity regularizer's schedule.
public struct ArithmeticConfig<Preset: ArithmeticPreset>: MachineConfig {
    @Setting("first_layer", "unit of the first layer (input -> hidden)") public var firstLayer = Preset.first
    @Setting("second_layer", "unit of the second layer (hidden -> output)") public var secondLayer = Preset.second
    @Setting("hidden_size", "width between the layers (stable-nalu --hidden-size)", minimum: 1)
    public var hiddenSize = 2
    /// λ_sparse: the regularizer's full weight.
    @Setting("regularizer", "lambda_sparse of the NAU/NMU sparsity regularizer", minimum: 0)
    public var regularizer = Preset.regularizer
    /// The step at which the regularizer's weight starts rising linearly from 0 ...
    @Setting("regularizer_start", "step where the regularizer's weight starts rising from 0", minimum: 0)
    public var regularizerStart = Preset.start
    /// ... and the step at which it reaches λ_sparse.
    @Setting("regularizer_end", "step where the regularizer reaches its full weight", minimum: 1)
    public var regularizerEnd = Preset.end
    public var readout = ReadoutSettings()

    public init() {}

    public func problem() -> String? {
        if regularizerStart >= regularizerEnd {
            return "regularizer_start (\(regularizerStart)) must be below regularizer_end (\(regularizerEnd))"
        }
        if readout.computationSteps != 0 {
            return "computation_steps_mult must be 0: arithmetic units map each input vector to its output directly"
        }
        return nil
    }

    /// The regularizer's weight at `step`: λ · clamp((step − start) / (end − start), 0, 1)
    /// (stable-nalu's `regualizer_scaling='linear'`).
    public func regularizerWeight(step: Int) -> Double {
        let ramp = Double(step - regularizerStart) / Double(regularizerEnd - regularizerStart)
        return regularizer * Swift.min(1, Swift.max(0, ramp))
    }
}
