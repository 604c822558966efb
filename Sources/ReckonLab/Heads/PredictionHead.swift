import Foundation
import ReckonTasks
import ReckonTensor

/// Next-symbol prediction (`SequencePrediction` sources): the machine reads the sequence shifted
/// right behind a start symbol (an input channel of its own, the last) and gives at position t a
/// distribution over symbol t. The loss is the log-loss in nats summed over the unmasked
/// positions and divided by B·T, Grau-Moya et al.'s summed log-loss with their gradient divided
/// by the sequence length (`train.py`, `normalize_gradients`).
///
/// Evaluation measures bits: at every position the log-loss −log2 p(x_t), the source's optimal
/// predictor's (where it has one) and their difference, the regret. A causal machine's output at
/// t depends on positions before t only, and every prefix of a source's sequence is a sample of
/// its own length, so one pass at the longest length measures every length n: the row of length
/// n pools the first n positions (`prefixResults`).
public struct PredictionHead: OutputHead {
    /// The vocabulary: classes per position.
    public let classes: Int
    /// The vocabulary and the start symbol.
    public let inputSize: Int
    let task: any SequencePrediction

    public init(_ task: any SequencePrediction) {
        self.task = task
        classes = task.outputSize
        inputSize = task.inputSize + 1
    }

    /// Per-position sums over one sub-batch's sequences (masked positions left out).
    public struct Metrics {
        public var bits: [Double]
        /// The optimal predictor's bits on the same positions; nil when the source has none.
        public var optimalBits: [Double]?
        public var correct: [Double]
        public var counted: [Double]
    }

    public func outputWidth(inputLength: Int) -> Int { classes }

    /// The sequence shifted right by one behind the start symbol (id `inputSize − 1`), one-hot.
    public func encode(_ batch: Batch, length: Int) -> EncodedBatch {
        let t = batch.inputLength
        let ids = batch.input.ids
        var shifted = [Int](repeating: inputSize - 1, count: ids.count)
        for b in 0..<batch.batchSize where t > 1 {
            for i in 1..<t { shifted[b * t + i] = ids[b * t + i - 1] }
        }
        let moved = Batch(
            batchSize: batch.batchSize, inputLength: t, outputLength: batch.outputLength, input: .tokens(shifted),
            target: batch.target, mask: batch.mask)
        return EncodedBatch(moved, inputSize: inputSize, outputSize: classes, length: length)
    }

    public func loss(logits: Tensor, batch: EncodedBatch) -> Tensor {
        let rows = Float(batch.mask.count)
        return softmaxCrossEntropy(
            logits: logits.reshaped([-1, classes]), labels: batch.target.ids, weights: batch.mask.map { $0 / rows })
    }

    public func score(logits: Tensor, batch: EncodedBatch) -> BatchScore {
        let m = measure(logits: logits, batch: batch, optimal: false)
        return BatchScore(correct: m.correct.reduce(0, +), counted: m.counted.reduce(0, +))
    }

    /// The most probable symbol at every position (the first on ties).
    public func prediction(logits: Tensor, batch: EncodedBatch) -> Payload { .tokens(logits.argmaxLastAxis()) }

    public func metrics(logits: Tensor, batch: EncodedBatch) -> Metrics {
        measure(logits: logits, batch: batch, optimal: true)
    }

    /// The metrics, with the optimal predictor's bits only when `optimal` (not for a training step's log).
    func measure(logits: Tensor, batch: EncodedBatch, optimal withOptimal: Bool) -> Metrics {
        let t = batch.outputLength
        let labels = batch.target.ids
        var m = Metrics(
            bits: [Double](repeating: 0, count: t), optimalBits: nil, correct: [Double](repeating: 0, count: t),
            counted: [Double](repeating: 0, count: t))
        var optimal = [Double](repeating: 0, count: t)
        var hasOptimal = withOptimal
        logits.withUnsafeBufferPointer { p in
            for b in 0..<batch.batchSize {
                let row = b * t
                let best = hasOptimal ? task.optimalBits(Array(labels[row..<row + t])) : nil
                if best == nil { hasOptimal = false }
                for i in 0..<t where batch.mask[row + i] > 0 {
                    let loss = PreciseCrossEntropy.row(
                        p, start: (row + i) * classes, classes: classes, label: labels[row + i])
                    let w = Double(batch.mask[row + i])
                    m.bits[i] += w * loss.nats / M_LN2
                    m.counted[i] += w
                    if loss.right { m.correct[i] += w }
                    if let best { optimal[i] += w * best[i] }
                }
            }
        }
        if hasOptimal { m.optimalBits = optimal }
        return m
    }

    public func lengthResult(length: Int, samples: Int, metrics: [Metrics]) -> LengthResult {
        prefixResults(samples: samples, metrics: metrics)?.last
            ?? LengthResult(length: length, accuracy: 0, samples: samples, bitErrorsPerSequence: nil)
    }

    public var measuresEveryPrefix: Bool { true }

    /// The results of every prefix length 1 ... T of the sub-batches' sequences: accuracy and bits
    /// per symbol over the first n positions, the bits at position n, and the regret (bits per
    /// symbol, and cumulative per sequence) against the optimal predictor where there is one.
    public func prefixResults(samples: Int, metrics: [Metrics]) -> [LengthResult]? {
        guard let first = metrics.first else { return [] }
        let t = first.bits.count
        var bits = [Double](repeating: 0, count: t)
        var correct = bits
        var counted = bits
        var optimal: [Double]? = first.optimalBits == nil ? nil : bits
        for m in metrics {
            for i in 0..<t {
                bits[i] += m.bits[i]
                correct[i] += m.correct[i]
                counted[i] += m.counted[i]
            }
            if optimal != nil, let o = m.optimalBits {
                for i in 0..<t { optimal![i] += o[i] }
            } else {
                optimal = nil
            }
        }
        var results: [LengthResult] = []
        var (sumBits, sumCorrect, sumCounted, sumOptimal) = (0.0, 0.0, 0.0, 0.0)
        for i in 0..<t {
            sumBits += bits[i]
            sumCorrect += correct[i]
            sumCounted += counted[i]
            var values: [String: Double] = [
                PredictionMetric.scoredPositions: sumCounted / Double(Swift.max(samples, 1)),
                PredictionMetric.bitsPerSymbol: sumCounted > 0 ? sumBits / sumCounted : .nan,
                PredictionMetric.positionBits: counted[i] > 0 ? bits[i] / counted[i] : .nan,
            ]
            if let optimal {
                sumOptimal += optimal[i]
                values[PredictionMetric.optimalBitsPerSymbol] = sumCounted > 0 ? sumOptimal / sumCounted : .nan
                values[PredictionMetric.regretPerSymbol] = sumCounted > 0 ? (sumBits - sumOptimal) / sumCounted : .nan
                values[PredictionMetric.cumulativeRegret] = (sumBits - sumOptimal) / Double(Swift.max(samples, 1))
                values[PredictionMetric.positionRegret] = counted[i] > 0 ? (bits[i] - optimal[i]) / counted[i] : .nan
            }
            results.append(
                LengthResult(
                    length: i + 1, accuracy: sumCounted > 0 ? sumCorrect / sumCounted : 0, samples: samples,
                    bitErrorsPerSequence: nil, taskMetrics: values))
        }
        return results
    }

    /// One symbol out of the vocabulary.
    public var randomGuessAccuracy: Double { 1 / Double(Swift.max(classes, 1)) }

    /// A log-loss summed over hundreds of positions is large without anything being wrong.
    public var largeLossMeansInstability: Bool { false }
}

/// The names of the prediction measures in eval.csv (`LengthResult.taskMetrics`) and summary.json.
public enum PredictionMetric {
    /// Log-loss over positions 1 ... n in bits per symbol.
    public static let bitsPerSymbol = "bits_per_symbol"
    /// The log-loss at position n alone.
    public static let positionBits = "position_bits"
    /// The source's optimal predictor over positions 1 ... n, in bits per symbol.
    public static let optimalBitsPerSymbol = "optimal_bits_per_symbol"
    /// bits_per_symbol − optimal_bits_per_symbol.
    public static let regretPerSymbol = "regret_per_symbol"
    /// The regret summed over positions 1 ... n, per sequence (bits).
    public static let cumulativeRegret = "cumulative_regret"
    /// The regret at position n alone.
    public static let positionRegret = "position_regret"
    /// Positions 1 ... n that were scored, per sequence (fewer than n where a source masks some).
    public static let scoredPositions = "scored_positions"
}
