import ReckonTasks
import ReckonTensor

/// Token targets: one class out of the task's output symbols per position, softmax
/// cross-entropy, accuracy over the masked positions, and exact match where the task reports it.
public struct TokenHead: OutputHead {
    /// Classes per output position (the task's output symbols).
    public let classes: Int
    public let inputSize: Int
    /// Whether evaluation also records exact match (`AlgorithmicTask.reportsExactMatch`).
    public let reportsExactMatch: Bool

    public init(_ task: any AlgorithmicTask) {
        classes = task.outputSize
        inputSize = task.inputSize
        reportsExactMatch = task.reportsExactMatch
    }

    /// Pooled over a length's sub-batches.
    public struct Metrics {
        public var correct: Double
        public var counted: Double
        /// Sequences right at every masked position (0 unless the task reports exact match).
        public var exactMatches: Double
    }

    public func outputWidth(inputLength: Int) -> Int { classes }

    /// The reference's loss: per-position softmax cross-entropy averaged over batch and
    /// positions, unmasked (tasks/task.py `pointwise_loss_fn` and example.py's loss_fn).
    public func loss(logits: Tensor, batch: EncodedBatch) -> Tensor {
        softmaxCrossEntropy(logits: logits.reshaped([-1, batch.outputSize]), labels: batch.target.ids)
    }

    public func score(logits: Tensor, batch: EncodedBatch) -> BatchScore {
        score(prediction(logits: logits, batch: batch).ids, batch: batch)
    }

    private func score(_ predicted: [Int], batch: EncodedBatch) -> BatchScore {
        let labels = batch.target.ids
        var correct = 0.0
        var counted = 0.0
        for r in 0..<labels.count where batch.mask[r] > 0 {
            counted += Double(batch.mask[r])
            if predicted[r] == labels[r] { correct += Double(batch.mask[r]) }
        }
        return BatchScore(correct: correct, counted: counted)
    }

    /// The most probable class at every position (the first on ties).
    public func prediction(logits: Tensor, batch: EncodedBatch) -> Payload { .tokens(logits.argmaxLastAxis()) }

    public func metrics(logits: Tensor, batch: EncodedBatch) -> Metrics {
        let predicted = prediction(logits: logits, batch: batch).ids
        let labels = batch.target.ids
        let s = score(predicted, batch: batch)
        let exact = reportsExactMatch ? exactMatches(batch) { predicted[$0] == labels[$0] } : 0
        return Metrics(correct: s.correct, counted: s.counted, exactMatches: exact)
    }

    public func lengthResult(length: Int, samples: Int, metrics: [Metrics]) -> LengthResult {
        var correct = 0.0
        var counted = 0.0
        var exact = 0.0
        for m in metrics {
            correct += m.correct
            counted += m.counted
            exact += m.exactMatches
        }
        return LengthResult(
            length: length, accuracy: counted > 0 ? correct / counted : 0, samples: samples,
            bitErrorsPerSequence: nil,
            exactMatch: reportsExactMatch ? exact / Double(Swift.max(samples, 1)) : nil)
    }

    /// One symbol out of the output symbols.
    public var randomGuessAccuracy: Double { 1 / Double(Swift.max(classes, 1)) }
}
