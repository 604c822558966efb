import Foundation

/// summary.json's `prediction` block for a next-symbol prediction run: the log-loss in bits per
/// symbol on the training lengths' positions (1 ... train_length) and on the positions after
/// them (train_length + 1 ... eval_max_length), the source's optimal predictor's on the same
/// positions and the regret between them, and the regret summed over each whole sequence.
public struct PredictionSummary: Codable, Equatable, Sendable {
    /// Nil where no position after the training length was scored (a source that stopped printing).
    public var bitsPerSymbol: Double?
    public var trainLengthBitsPerSymbol: Double?
    public var optimalBitsPerSymbol: Double?
    public var trainLengthOptimalBitsPerSymbol: Double?
    public var regretPerSymbol: Double?
    public var trainLengthRegretPerSymbol: Double?
    /// The regret over positions 1 ... train_length and 1 ... eval_max_length, per sequence (bits).
    public var cumulativeRegretAtTrainLength: Double?
    public var cumulativeRegret: Double?
    /// A uniform guess over the vocabulary: log2 of its size.
    public var uniformBitsPerSymbol: Double

    enum CodingKeys: String, CodingKey {
        case bitsPerSymbol = "bits_per_symbol"
        case trainLengthBitsPerSymbol = "train_length_bits_per_symbol"
        case optimalBitsPerSymbol = "optimal_bits_per_symbol"
        case trainLengthOptimalBitsPerSymbol = "train_length_optimal_bits_per_symbol"
        case regretPerSymbol = "regret_per_symbol"
        case trainLengthRegretPerSymbol = "train_length_regret_per_symbol"
        case cumulativeRegretAtTrainLength = "cumulative_regret_at_train_length"
        case cumulativeRegret = "cumulative_regret"
        case uniformBitsPerSymbol = "uniform_bits_per_symbol"
    }

    /// The block from a prediction run's per-length results (`PredictionHead.prefixResults`), or
    /// nil when they are not one's.
    public static func from(_ results: [LengthResult], trainLength: Int, vocabulary: Int) -> PredictionSummary? {
        let byLength = Dictionary(results.map { ($0.length, $0) }, uniquingKeysWith: { a, _ in a })
        guard let last = results.last, let atTrain = byLength[Swift.min(trainLength, last.length)],
            let lastMetrics = last.taskMetrics, let trainMetrics = atTrain.taskMetrics,
            lastMetrics[PredictionMetric.bitsPerSymbol] != nil
        else { return nil }
        /// Σ over positions 1 ... n of a per-symbol metric, per sequence.
        func total(_ m: [String: Double], _ name: String) -> Double? {
            guard let perSymbol = m[name], let scored = m[PredictionMetric.scoredPositions] else { return nil }
            return scored == 0 ? 0 : perSymbol * scored
        }
        func unseen(_ name: String) -> Double? {
            guard let whole = total(lastMetrics, name), let head = total(trainMetrics, name),
                let n = lastMetrics[PredictionMetric.scoredPositions],
                let t = trainMetrics[PredictionMetric.scoredPositions], n > t
            else { return nil }
            return (whole - head) / (n - t)
        }
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
        let bits = finite(unseen(PredictionMetric.bitsPerSymbol))
        let optimal = finite(unseen(PredictionMetric.optimalBitsPerSymbol))
        let trainOptimal = finite(trainMetrics[PredictionMetric.optimalBitsPerSymbol])
        let trainBits = finite(trainMetrics[PredictionMetric.bitsPerSymbol])
        func difference(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { a in b.map { a - $0 } } }
        return PredictionSummary(
            bitsPerSymbol: bits, trainLengthBitsPerSymbol: trainBits, optimalBitsPerSymbol: optimal,
            trainLengthOptimalBitsPerSymbol: trainOptimal, regretPerSymbol: difference(bits, optimal),
            trainLengthRegretPerSymbol: difference(trainBits, trainOptimal),
            cumulativeRegretAtTrainLength: finite(trainMetrics[PredictionMetric.cumulativeRegret]),
            cumulativeRegret: finite(lastMetrics[PredictionMetric.cumulativeRegret]),
            uniformBitsPerSymbol: log2(Double(Swift.max(vocabulary, 1))))
    }
}
