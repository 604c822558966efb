import Foundation
import ReckonTasks
import ReckonTensor

/// Pointer targets (Vinyals et al. 2015): a softmax over the input positions at every output step,
/// cross-entropy over the answer's positions, whole answers as the unit of accuracy (as the
/// papers count), and the task's own metrics of each decoded answer.
public struct PointerHead: OutputHead {
    public let task: any PointerTask
    public let inputSize: Int

    public init(_ task: any PointerTask) {
        self.task = task
        inputSize = task.inputSize
    }

    /// Pooled over a length's sub-batches.
    public struct Metrics {
        public var score: BatchScore
        /// Sum and count of each of the task's metrics (`PointerTask.metricNames`), over the answers
        /// it applies to.
        public var taskMetrics: [(sum: Double, count: Double)]
    }

    /// One class per input position, so one machine serves every length.
    public func outputWidth(inputLength: Int) -> Int { inputLength }

    /// Logits over `classes` input positions: a machine with a fixed vocabulary wider than the
    /// input loses the columns past it, a narrower one gets columns that can never win (a
    /// baseline cannot point where it never learned to).
    public static func logits(_ logits: Tensor, classes: Int) -> Tensor {
        let width = logits.shape[logits.rank - 1]
        if width == classes { return logits }
        if width > classes { return logits.slice(axis: logits.rank - 1, 0..<classes) }
        return logits.padded(axis: logits.rank - 1, before: 0, after: classes - width, value: -1e9)
    }

    /// The mean cross-entropy over the positions of the answers: a hull's padding after its end
    /// marker is not part of the answer.
    public func loss(logits: Tensor, batch: EncodedBatch) -> Tensor {
        let total = Swift.max(batch.mask.reduce(0, +), 1)
        return softmaxCrossEntropy(
            logits: Self.logits(logits, classes: batch.outputSize).reshaped([-1, batch.outputSize]),
            labels: batch.target.ids, weights: batch.mask.map { $0 / total })
    }

    /// An example counts as correct when every masked position of its answer is.
    public func score(logits: Tensor, batch: EncodedBatch) -> BatchScore {
        score(prediction(logits: logits, batch: batch).ids, batch: batch)
    }

    private func score(_ predicted: [Int], batch: EncodedBatch) -> BatchScore {
        let labels = batch.target.ids
        var correct = 0.0
        for b in 0..<batch.batchSize {
            let r = b * batch.outputLength
            if (0..<batch.outputLength).allSatisfy({ batch.mask[r + $0] == 0 || predicted[r + $0] == labels[r + $0] }) {
                correct += 1
            }
        }
        return BatchScore(correct: correct, counted: Double(batch.batchSize))
    }

    /// The most probable input position at every output step (the first on ties).
    public func prediction(logits: Tensor, batch: EncodedBatch) -> Payload {
        let c = batch.outputSize
        let p = Self.logits(logits.detached, classes: c).scalars
        let positions = batch.batchSize * batch.outputLength
        return .pointers((0..<positions).map { Kernels.firstMaximum(p, start: $0 * c, count: c) })
    }

    /// The score, and the task's metrics of every decoded answer against its input rows; a metric
    /// that does not apply to an answer is left out of its count.
    public func metrics(logits: Tensor, batch: EncodedBatch) -> Metrics {
        let predicted = prediction(logits: logits, batch: batch)
        var totals = [(sum: Double, count: Double)](repeating: (0, 0), count: task.metricNames.count)
        if !totals.isEmpty {
            let n = batch.input.shape[1]
            let width = batch.input.shape[2]
            let inputs = Payload.reals(batch.input.scalars, width: width)
            for b in 0..<batch.batchSize {
                let answer = predicted.example(b, positions: batch.outputLength).ids
                let rows = inputs.example(b, positions: n).rows
                for (k, value) in task.metrics(prediction: answer, input: rows).enumerated() {
                    if let value {
                        totals[k].sum += value
                        totals[k].count += 1
                    }
                }
            }
        }
        return Metrics(score: score(predicted.ids, batch: batch), taskMetrics: totals)
    }

    /// Accuracy over whole answers; each task metric a mean over the answers it applies to (NaN
    /// when it applied to none).
    public func lengthResult(length: Int, samples: Int, metrics: [Metrics]) -> LengthResult {
        var correct = 0.0
        var counted = 0.0
        for m in metrics {
            correct += m.score.correct
            counted += m.score.counted
        }
        var taskMetrics: [String: Double]?
        if !task.metricNames.isEmpty {
            taskMetrics = [:]
            for (k, name) in task.metricNames.enumerated() {
                let sum = metrics.reduce(0) { $0 + $1.taskMetrics[k].sum }
                let count = metrics.reduce(0) { $0 + $1.taskMetrics[k].count }
                taskMetrics?[name] = count > 0 ? sum / count : .nan
            }
        }
        return LengthResult(
            length: length, accuracy: counted > 0 ? correct / counted : 0, samples: samples,
            bitErrorsPerSequence: nil, taskMetrics: taskMetrics)
    }

    /// Guessing every position of an answer of the literature's training length uniformly,
    /// (1/T_in)^T_out (an upper bound for a hull, whose answers are shorter).
    public var randomGuessAccuracy: Double {
        let n = task.defaultTrainLength
        let classes = Double(task.inputLength(forLength: n))
        return Foundation.pow(1 / classes, Double(task.outputLength(forInputLength: task.inputLength(forLength: n))))
    }

    public func decodingLogits(_ logits: Tensor, batch: EncodedBatch) -> Tensor {
        Self.logits(logits, classes: batch.outputSize)
    }

    /// The task's end position (a hull's end-marker row), if it has one.
    public func endClass(of batch: EncodedBatch) -> Int? { task.endPosition(inputLength: batch.input.shape[1]) }
}
