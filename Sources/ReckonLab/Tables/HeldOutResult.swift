/// A table run measured on all its entries at one step: loss and accuracy on the training entries
/// and on the held-out ones, the parameters' total norm and, for modular tables, how the token
/// embedding's norm spreads over Fourier frequencies (metrics.jsonl's `held_out`).
public struct HeldOutResult: Codable, Equatable, Sendable {
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var testLoss: Double
    public var testAccuracy: Double
    /// √(Σ θ²) over every parameter (Nanda et al. log the sum of squared weights; weight decay shrinks it).
    public var weightNorm: Double
    /// Frequencies holding a standout share of the embedding's norm (`FourierSpectrum.keyFrequencies`).
    public var keyFrequencies: [Int]?
    /// Gini coefficient of the per-frequency norms: near 0 spread evenly, near 1 held by a few.
    public var fourierGini: Double?

    public init(
        trainLoss: Double, trainAccuracy: Double, testLoss: Double, testAccuracy: Double, weightNorm: Double,
        keyFrequencies: [Int]? = nil, fourierGini: Double? = nil
    ) {
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.weightNorm = weightNorm
        self.keyFrequencies = keyFrequencies
        self.fourierGini = fourierGini
    }

    /// Whether the held-out accuracy reached `threshold`: the one rule for "grokked".
    public func grokked(_ threshold: Double) -> Bool { testAccuracy >= threshold }

    /// "Fourier Gini 0.62, key frequencies 14 35 41" (nil without a spectrum).
    public var fourierDescription: String? {
        guard let gini = fourierGini, let keys = keyFrequencies else { return nil }
        return String(format: "Fourier Gini %.2f, key frequencies ", gini)
            + (keys.isEmpty ? "none" : keys.map(String.init).joined(separator: " "))
    }

    enum CodingKeys: String, CodingKey {
        case trainLoss = "train_loss"
        case trainAccuracy = "train_accuracy"
        case testLoss = "test_loss"
        case testAccuracy = "test_accuracy"
        case weightNorm = "weight_norm"
        case keyFrequencies = "key_frequencies"
        case fourierGini = "fourier_gini"
    }
}
