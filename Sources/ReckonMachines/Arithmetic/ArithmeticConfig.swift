/// The settings of a two-layer arithmetic stack, with the defaults of one of the paper's models
/// (`Preset`): which unit each layer is, the hidden width, and the sparsity regularizer's schedule.
public struct ArithmeticConfig<Preset: ArithmeticPreset>: MachineConfig {
    public let firstLayer: ArithmeticUnitKind
    public let secondLayer: ArithmeticUnitKind
    public let hiddenSize: Int
    /// λ_sparse: the regularizer's full weight.
    public let regularizer: Double
    /// The step at which the regularizer's weight starts rising linearly from 0 ...
    public let regularizerStart: Int
    /// ... and the step at which it reaches λ_sparse.
    public let regularizerEnd: Int

    static var firstLayerSetting: Setting<ArithmeticUnitKind> {
        Setting("first_layer", Preset.first, "unit of the first layer (input -> hidden)")
    }
    static var secondLayerSetting: Setting<ArithmeticUnitKind> {
        Setting("second_layer", Preset.second, "unit of the second layer (hidden -> output)")
    }
    static var hiddenSetting: Setting<Int> {
        Setting("hidden_size", 2, "width between the layers (stable-nalu --hidden-size)", minimum: 1)
    }
    static var regularizerSetting: Setting<Double> {
        Setting("regularizer", Preset.regularizer, "lambda_sparse of the NAU/NMU sparsity regularizer", minimum: 0)
    }
    static var startSetting: Setting<Int> {
        Setting("regularizer_start", Preset.start, "step where the regularizer's weight starts rising from 0",
                minimum: 0)
    }
    static var endSetting: Setting<Int> {
        Setting("regularizer_end", Preset.end, "step where the regularizer reaches its full weight", minimum: 1)
    }

    public static var settings: [HyperparameterSpec] {
        [firstLayerSetting.described, secondLayerSetting.described, hiddenSetting.described,
         regularizerSetting.described, startSetting.described, endSetting.described]
    }

    public init(_ values: Hyperparameters) {
        firstLayer = values[Self.firstLayerSetting]; secondLayer = values[Self.secondLayerSetting]
        hiddenSize = values[Self.hiddenSetting]; regularizer = values[Self.regularizerSetting]
        regularizerStart = values[Self.startSetting]; regularizerEnd = values[Self.endSetting]
    }

    public static func problem(_ values: Hyperparameters) -> String? {
        if values[startSetting] >= values[endSetting] {
            return "regularizer_start (\(values[startSetting])) must be below regularizer_end (\(values[endSetting]))"
        }
        if values[SharedSettings.computationSteps] != 0 {
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
