import Foundation
import ReckonTasks
import ReckonTensor

/// Bit-vector targets: independent bits per position, binary cross-entropy, a position right
/// when every bit is, and the wrong bits per sequence.
public struct BitVectorHead: OutputHead {
    /// Bits per target vector (the task's output channels).
    public let width: Int
    public let inputSize: Int
    /// Whether evaluation also records exact match (`AlgorithmicTask.reportsExactMatch`).
    public let reportsExactMatch: Bool

    public init(_ task: any AlgorithmicTask) {
        width = task.outputSize
        inputSize = task.inputSize
        reportsExactMatch = task.reportsExactMatch
    }

    /// Pooled over a length's sub-batches.
    public struct Metrics {
        public var score: BatchScore
        /// Sequences right at every masked position (0 unless the task reports exact match).
        public var exactMatches: Double
    }

    public func outputWidth(inputLength: Int) -> Int { width }

    public func loss(logits: Tensor, batch: EncodedBatch) -> Tensor {
        binaryCrossEntropyWithLogits(logits: logits, targets: batch.targetTensor)
    }

    public func score(logits: Tensor, batch: EncodedBatch) -> BatchScore {
        scoreAndRows(prediction(logits: logits, batch: batch).values, batch: batch).score
    }

    /// The score, and for every position whether all its bits are right.
    private func scoreAndRows(_ predicted: [Float], batch: EncodedBatch) -> (score: BatchScore, right: [Bool]) {
        let targets = batch.target.values
        var wrong = 0.0
        var correct = 0.0
        var counted = 0.0
        var right = [Bool](repeating: true, count: batch.mask.count)
        for r in 0..<batch.mask.count {
            for k in 0..<width where (predicted[r * width + k] > 0.5) != (targets[r * width + k] > 0.5) {
                wrong += 1
                right[r] = false
            }
            if batch.mask[r] > 0 {
                counted += Double(batch.mask[r])
                if right[r] { correct += Double(batch.mask[r]) }
            }
        }
        return (BatchScore(correct: correct, counted: counted, bitErrors: wrong), right)
    }

    /// A bit is 1 where its logit is positive.
    public func prediction(logits: Tensor, batch: EncodedBatch) -> Payload {
        .bitVectors(logits.withUnsafeBufferPointer { p in p.map { $0 > 0 ? 1 : 0 } }, width: width)
    }

    public func metrics(logits: Tensor, batch: EncodedBatch) -> Metrics {
        let (score, right) = scoreAndRows(prediction(logits: logits, batch: batch).values, batch: batch)
        return Metrics(score: score, exactMatches: reportsExactMatch ? exactMatches(batch) { right[$0] } : 0)
    }

    public func lengthResult(length: Int, samples: Int, metrics: [Metrics]) -> LengthResult {
        var correct = 0.0
        var counted = 0.0
        var bitErrors = 0.0
        var exact = 0.0
        for m in metrics {
            correct += m.score.correct
            counted += m.score.counted
            bitErrors += m.score.bitErrors ?? 0
            exact += m.exactMatches
        }
        let sequences = Double(Swift.max(samples, 1))
        return LengthResult(
            length: length, accuracy: counted > 0 ? correct / counted : 0, samples: samples,
            bitErrorsPerSequence: bitErrors / sequences,
            exactMatch: reportsExactMatch ? exact / sequences : nil)
    }

    /// A position counts only when all its bits are right: 2^-width.
    public var randomGuessAccuracy: Double { Foundation.pow(0.5, Double(width)) }
}
