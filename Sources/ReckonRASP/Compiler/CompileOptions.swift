/// Settings of the compiler beyond the vocabulary and the maximum length.
public struct CompileOptions: Sendable {
    /// The attention logit of a selected key (tracr's `softmax_coldness`, 100). Unselected keys get
    /// 0 and the BOS token half of this, so with at least one key selected BOS's weight is e^-50.
    public var softmaxColdness: Double = 100
    /// How many times finer than half the gap to the nearest other value the discretizing MLPs'
    /// ramps are: 2 puts each ramp over a quarter of the gap around a threshold (tracr uses one
    /// fixed `large_number`, 100, for every MLP; here the slope follows each MLP's value set).
    public var discretizationSharpness: Double = 2
    /// Value sets to assume instead of the inferred ones, by s-op label. A wrong assumption
    /// compiles into a model that `Verifier` catches disagreeing with the program.
    public var assumedValues: [String: [Value]] = [:]
    /// The most values a categorical s-op may take (its width in the residual stream).
    public var maxCategoricalValues = 20_000
    /// The most function evaluations value-set inference spends on one s-op.
    public var maxValueSetWork = 4_000_000
    /// The most values value-set inference keeps for all s-ops together; a numerical s-op's set
    /// beyond it is left unknown, as one beyond `maxValueSetWork` is.
    public var maxStoredValues = 16_000_000
    /// The most bytes a compile may take (`ModelBudget`, counted before anything is built).
    public var maxModelBytes = RaspLimits.compiledModelBytes

    public init() {}
}
