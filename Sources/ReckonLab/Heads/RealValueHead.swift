import Foundation
import ReckonTasks
import ReckonTensor

/// Real-valued targets: mean squared error, and the literature's verdict per length (Madsen &
/// Johansen 2020): solved when the pooled mean squared error is below the task's success threshold.
public final class RealValueHead: OutputHead, @unchecked Sendable {  // `thresholds` is guarded by `lock`
    /// Values per target position (the task's output channels).
    public let width: Int
    public let inputSize: Int
    private let threshold: @Sendable (Int) -> Double
    /// Thresholds by length: each is a Monte Carlo estimate (milliseconds), so computed once.
    private var thresholds: [Int: Double] = [:]
    private let lock = NSLock()

    public convenience init(_ task: any RealValuedTask) {
        self.init(task, threshold: { task.successThreshold(forLength: $0) })
    }

    /// A head whose success threshold at a length is `threshold(length)`.
    public init(_ task: any AlgorithmicTask, threshold: @escaping @Sendable (Int) -> Double) {
        width = task.outputSize
        inputSize = task.inputSize
        self.threshold = threshold
    }

    /// Pooled over a length's sub-batches.
    public struct Metrics {
        /// Summed squared error and the number of values summed.
        public var squaredError: Double
        public var values: Double
    }

    /// The mean squared error below which a batch sampled at `length` counts as solved.
    public func successThreshold(forLength length: Int) -> Double {
        lock.lock()
        defer { lock.unlock() }
        if let known = thresholds[length] { return known }
        let value = threshold(length)
        thresholds[length] = value
        return value
    }

    public func outputWidth(inputLength: Int) -> Int { width }

    /// Mean squared error over every value (torch.nn.MSELoss, as stable-nalu).
    public func loss(logits: Tensor, batch: EncodedBatch) -> Tensor {
        (logits - batch.targetTensor).squared().mean()
    }

    /// A batch is all right or all wrong: every masked position counts as correct when the batch's
    /// mean squared error is below the threshold of its length.
    public func score(logits: Tensor, batch: EncodedBatch) -> BatchScore {
        let counted = Double(batch.mask.reduce(0, +))
        let e = metrics(logits: logits, batch: batch)
        let solved = e.squaredError / Swift.max(e.values, 1) < successThreshold(forLength: batch.length)
        return BatchScore(correct: solved ? counted : 0, counted: counted, accuracy: solved && counted > 0 ? 1 : 0)
    }

    /// The logits are the predicted values.
    public func prediction(logits: Tensor, batch: EncodedBatch) -> Payload { .reals(logits.scalars, width: width) }

    /// The summed squared error of the predictions against the targets and the number of values
    /// summed, so several batches pool into one mean squared error.
    public func metrics(logits: Tensor, batch: EncodedBatch) -> Metrics {
        let targets = batch.target.values
        precondition(
            logits.shape == [batch.batchSize, batch.outputLength, width],
            "predictions \(logits.shape) against targets \([batch.batchSize, batch.outputLength, width])")
        var sum = 0.0
        logits.withUnsafeBufferPointer { p in
            for i in 0..<targets.count {
                let d = Double(p[i]) - Double(targets[i])
                sum += d * d
            }
        }
        return Metrics(squaredError: sum, values: Double(targets.count))
    }

    /// The paper's criterion on the pooled error of every sample at this length.
    public func lengthResult(length: Int, samples: Int, metrics: [Metrics]) -> LengthResult {
        var squared = 0.0
        var values = 0.0
        for m in metrics {
            squared += m.squaredError
            values += m.values
        }
        let mse = squared / Swift.max(values, 1)
        let limit = successThreshold(forLength: length)
        return LengthResult(
            length: length, accuracy: mse < limit ? 1 : 0, samples: samples,
            bitErrorsPerSequence: nil, mse: mse, mseThreshold: limit)
    }

    /// No guess to compare with.
    public var randomGuessAccuracy: Double { 0 }

    /// A squared error has the targets' scale (products of sums reach 1e6 at step 1 of a healthy
    /// nmu run on arithmetic_function), so a large loss says nothing about stability.
    public var largeLossMeansInstability: Bool { false }
}
