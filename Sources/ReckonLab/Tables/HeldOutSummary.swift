/// summary.json's `held_out` block for a table run: the final measures on the training and held-out
/// entries, when memorization and grokking came, and the embedding's Fourier spectrum at the end.
public struct HeldOutSummary: Codable, Equatable, Sendable {
    public var trainEntries: Int
    public var testEntries: Int
    /// The measures at the run's last step.
    public var final: HeldOutResult
    /// The accuracy both steps below were judged by (`grok_threshold`).
    public var threshold: Double
    /// The first evaluated step with training accuracy ≥ threshold (`GrokkingSteps`).
    public var memorizationStep: Int?
    /// The first evaluated step with held-out accuracy ≥ threshold: the time to grok.
    public var grokkingStep: Int?
    /// Steps between evaluations during training: both steps above are this coarse.
    public var evalEvery: Int
    /// Whether training stopped at the grokking step (`stop_when_grokked`) rather than at `steps`.
    public var stoppedWhenGrokked: Bool
    /// The norm held by each Fourier frequency 1 … ⌊p/2⌋ of the final token embedding (modular tables).
    public var fourierNorms: [Double]?
    /// The share of the squared norm the key frequencies hold together.
    public var keyShare: Double?

    public init(
        trainEntries: Int, testEntries: Int, final: HeldOutResult, threshold: Double, steps: GrokkingSteps,
        evalEvery: Int, stoppedWhenGrokked: Bool, spectrum: FourierSpectrum?
    ) {
        self.trainEntries = trainEntries
        self.testEntries = testEntries
        self.final = final
        self.threshold = threshold
        memorizationStep = steps.memorization
        grokkingStep = steps.grokking
        self.evalEvery = evalEvery
        self.stoppedWhenGrokked = stoppedWhenGrokked
        fourierNorms = spectrum?.norms
        keyShare = spectrum?.keyShare
    }

    /// Grokking step over memorization step (nil unless both exist).
    public var delayRatio: Double? {
        GrokkingSteps(memorization: memorizationStep, grokking: grokkingStep).delayRatio
    }

    enum CodingKeys: String, CodingKey {
        case final, threshold
        case trainEntries = "train_entries"
        case testEntries = "test_entries"
        case memorizationStep = "memorization_step"
        case grokkingStep = "grokking_step"
        case evalEvery = "eval_every"
        case stoppedWhenGrokked = "stopped_when_grokked"
        case fourierNorms = "fourier_norms"
        case keyShare = "key_share"
    }
}
