import Foundation
import ReckonMachines
import ReckonTasks
import ReckonTensor

/// Accuracy at every length 1...maxLength, on fresh samples, without recording gradients.
///
/// As the reference's range_evaluation.py: `samples` sequences per length drawn in
/// sub-batches. Accuracy per length pools every masked position of every sequence (with
/// equal masks per sub-batch this equals the reference's mean of sub-batch accuracies).
/// The samples depend only on (seed, length), so a re-evaluation sees the same sequences.
public struct RangeEvaluator {
    public var maxLength: Int
    public var samples: Int
    public var batchSize: Int
    public var seed: UInt64
    /// Beam width of autoregressive decoding; 1 is greedy (`BeamSearch`).
    public var beamWidth: Int

    public init(maxLength: Int, samples: Int, batchSize: Int, seed: UInt64, beamWidth: Int = 1) {
        self.maxLength = maxLength
        self.samples = samples
        self.batchSize = batchSize
        self.seed = seed
        self.beamWidth = beamWidth
    }

    /// Evaluates lengths 1...maxLength that the task can produce; `progress(length)` is called
    /// after each. `stop` is asked between sub-batches (a fraction of a second each at the
    /// default sizes), so Ctrl-C is honoured during evaluation too; nil means it said yes.
    public func evaluate(
        _ machine: any Machine, on task: any AlgorithmicTask, stop: () -> Bool = { false },
        progress: (LengthResult) -> Void = { _ in }
    ) -> [LengthResult]? {
        var results: [LengthResult] = []
        for length in 1...maxLength where TaskBridge.isValid(task, length: length) {
            guard let r = evaluate(machine, on: task, length: length, stop: stop) else { return nil }
            results.append(r)
            progress(r)
        }
        return results
    }

    /// Accuracy (and bit errors for bit-vector tasks) at one length; nil if `stop` said yes.
    ///
    /// Sub-batches are drawn in order from the length's stream, then run on all cores at once, one
    /// sub-batch per core with unsplit products (Parallel.forEach): splitting every small
    /// product of a forward pass synchronized the cores at every time step. Each sub-batch's
    /// numbers do not depend on which thread runs it, and the counts are integers, so the
    /// result is the same as running them one after another.
    public func evaluate(
        _ machine: any Machine, on task: any AlgorithmicTask, length: Int,
        stop: () -> Bool = { false }
    ) -> LengthResult? {
        var rng = StepStreams.generator(seed: seed, .evaluation, length)
        let threshold = TaskBridge.successThreshold(task, length: length)
        var work: [(batch: EncodedBatch, context: ForwardContext)] = []
        var remaining = samples
        while remaining > 0 {
            let n = Swift.min(batchSize, remaining)
            remaining -= n
            var batch = TaskBridge.encode(task, task.sample(batchSize: n, length: length, rng: &rng))
            batch.successThreshold = threshold
            // Its own stream per sub-batch, so randomized positional encodings differ between batches.
            work.append((batch, ForwardContext(training: false, rng: rng.split())))
        }
        let scores = ScoreSlots(count: work.count)
        machine.withoutGradients {
            Parallel.forEach(work.count) { i in
                if scores.stopped || stop() {
                    scores.stop()
                    return
                }
                var context = work[i].context
                let batch = work[i].batch
                let end = (task as? any PointerTask)?.endPosition(inputLength: batch.input.shape[1])
                let logits =
                    beamWidth > 1 && machine.isAutoregressive
                    ? BeamSearch.decode(machine, batch: batch, width: beamWidth, end: end, context: &context)
                    : machine.logits(
                        input: batch.input, outputLength: batch.outputLength, targets: nil, context: &context)
                let s = TaskBridge.score(logits: logits, batch: batch)
                let e = TaskBridge.squaredError(logits: logits, batch: batch)
                let exact = task.reportsExactMatch ? TaskBridge.exactMatches(logits: logits, batch: batch) : 0
                scores.set(i, (s.correct, s.counted, s.bitErrors ?? 0, e.sum, e.count, exact))
                scores.setMetrics(i, TaskBridge.taskMetrics(task, logits: logits, batch: batch))
            }
        }
        if scores.stopped { return nil }
        var correct = 0.0
        var counted = 0.0
        var bitErrors = 0.0
        var squared = 0.0
        var values = 0.0
        var exact = 0.0
        for s in scores.values {
            correct += s.correct
            counted += s.counted
            bitErrors += s.bitErrors
            squared += s.squared
            values += s.values
            exact += s.exact
        }
        let sequences = work.reduce(0) { $0 + $1.batch.batchSize }
        let isBits = TaskBridge.isBitVector(task)
        if let threshold {
            // Real-valued: the paper's criterion on the pooled error of every sample at this length.
            let mse = squared / Swift.max(values, 1)
            return LengthResult(
                length: length, accuracy: mse < threshold ? 1 : 0, samples: sequences,
                bitErrorsPerSequence: nil, mse: mse, mseThreshold: threshold)
        }
        var taskMetrics: [String: Double]?
        if let names = (task as? any PointerTask)?.metricNames, !names.isEmpty {
            // A mean over the answers a metric applies to; NaN when it applied to none.
            taskMetrics = [:]
            for (k, name) in names.enumerated() {
                let sum = scores.metrics.reduce(0) { $0 + ($1.indices.contains(k) ? $1[k].sum : 0) }
                let count = scores.metrics.reduce(0) { $0 + ($1.indices.contains(k) ? $1[k].count : 0) }
                taskMetrics?[name] = count > 0 ? sum / count : .nan
            }
        }
        return LengthResult(
            length: length, accuracy: counted > 0 ? correct / counted : 0, samples: sequences,
            bitErrorsPerSequence: isBits ? bitErrors / Double(Swift.max(sequences, 1)) : nil,
            exactMatch: task.reportsExactMatch ? exact / Double(Swift.max(sequences, 1)) : nil,
            taskMetrics: taskMetrics)
    }

    /// Mean of each task metric over the lengths in `range` where it is defined (pointer tasks).
    public static func meanTaskMetrics(_ results: [LengthResult], in range: ClosedRange<Int>) -> [String: Double]? {
        let sel = results.filter { range.contains($0.length) }.compactMap(\.taskMetrics)
        guard let names = sel.first?.keys else { return nil }
        var means: [String: Double] = [:]
        for name in names {
            let values = sel.compactMap { $0[name] }.filter { !$0.isNaN }
            means[name] = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
        return means
    }

    /// Mean accuracy over the lengths in `range` that were evaluated.
    public static func meanAccuracy(_ results: [LengthResult], in range: ClosedRange<Int>) -> Double {
        let sel = results.filter { range.contains($0.length) }
        return sel.isEmpty ? 0 : sel.map(\.accuracy).reduce(0, +) / Double(sel.count)
    }

    /// Mean exact match over the lengths in `range`, for tasks that report it.
    public static func meanExactMatch(_ results: [LengthResult], in range: ClosedRange<Int>) -> Double? {
        let sel = results.filter { range.contains($0.length) }.compactMap(\.exactMatch)
        return sel.isEmpty ? nil : sel.reduce(0, +) / Double(sel.count)
    }

    /// Mean squared error over the lengths in `range`, for real-valued tasks.
    public static func meanSquaredError(_ results: [LengthResult], in range: ClosedRange<Int>) -> Double? {
        let sel = results.filter { range.contains($0.length) }.compactMap(\.mse)
        return sel.isEmpty ? nil : sel.reduce(0, +) / Double(sel.count)
    }

    /// Whether every length in `range` has its error below the success threshold; nil unless real-valued.
    public static func solved(_ results: [LengthResult], in range: ClosedRange<Int>) -> Bool? {
        let sel = results.filter { range.contains($0.length) }
        guard !sel.isEmpty, sel.allSatisfy({ $0.mse != nil && $0.mseThreshold != nil }) else { return nil }
        return sel.allSatisfy { $0.mse! < $0.mseThreshold! }
    }

    /// Mean bit errors per sequence over `range`, for bit-vector tasks.
    public static func meanBitErrors(_ results: [LengthResult], in range: ClosedRange<Int>) -> Double? {
        let sel = results.filter { range.contains($0.length) }.compactMap(\.bitErrorsPerSequence)
        return sel.isEmpty ? nil : sel.reduce(0, +) / Double(sel.count)
    }
}

/// One result slot per sub-batch, written from several threads (each slot by one thread).
final class ScoreSlots: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Score]
    /// Set when a stop request cut the length short.
    private(set) var stopped = false
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }
    /// Per sub-batch: sum and count of each task metric (pointer tasks).
    private(set) var metrics: [[(sum: Double, count: Double)]]
    init(count: Int) {
        values = Array(repeating: (0, 0, 0, 0, 0, 0), count: count)
        metrics = Array(repeating: [], count: count)
    }
    func set(_ i: Int, _ v: Score) {
        lock.lock()
        values[i] = v
        lock.unlock()
    }
    func setMetrics(_ i: Int, _ m: [(sum: Double, count: Double)]) {
        lock.lock()
        metrics[i] = m
        lock.unlock()
    }
    /// One sub-batch's counts; `squared` and `values` pool the squared error of real-valued tasks.
    /// `exact` counts sequences right at every masked position (tasks that report exact match).
    typealias Score = (
        correct: Double, counted: Double, bitErrors: Double, squared: Double, values: Double,
        exact: Double
    )
}
