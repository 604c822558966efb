/// When a table run memorized and when it grokked: the first evaluated step whose training accuracy,
/// and then whose held-out accuracy, reached `grok_threshold` (Power et al. 2022 and Nanda et al. 2023
/// read both off the logged curves). Steps are as fine as `eval_every`.
public struct GrokkingSteps: Equatable, Sendable {
    /// The first evaluated step with training accuracy ≥ the threshold, nil if none.
    public var memorization: Int?
    /// The first evaluated step with held-out accuracy ≥ the threshold, nil if none.
    public var grokking: Int?

    public init(memorization: Int?, grokking: Int?) {
        self.memorization = memorization
        self.grokking = grokking
    }

    /// The steps of `evaluations` (step, result), in any order.
    public init(_ evaluations: [(step: Int, result: HeldOutResult)], threshold: Double) {
        let ordered = evaluations.sorted { $0.step < $1.step }
        memorization = ordered.first { $0.result.trainAccuracy >= threshold }?.step
        grokking = ordered.first { $0.result.grokked(threshold) }?.step
    }

    /// Grokking step over memorization step: how much later generalization came (nil unless both exist).
    public var delayRatio: Double? {
        guard let memorization, let grokking, memorization > 0 else { return nil }
        return Double(grokking) / Double(memorization)
    }
}
