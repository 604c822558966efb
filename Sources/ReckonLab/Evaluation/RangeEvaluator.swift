import Foundation
import ReckonMachines
import ReckonSupport
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

    /// Evaluates lengths 1...maxLength that the task can produce, scored by `head` (the run's);
    /// `progress(length)` is called after each. `stop` is asked between sub-batches (a fraction of
    /// a second each at the default sizes), so Ctrl-C is honoured during evaluation too; nil means
    /// it said yes.
    public func evaluate(
        _ machine: any Machine, on task: any AlgorithmicTask, head: any OutputHead, stop: () -> Bool = { false },
        progress: (LengthResult) -> Void = { _ in }
    ) -> [LengthResult]? {
        if head.measuresEveryPrefix {
            guard let results = everyPrefix(machine, on: task, head: head, stop: stop) else { return nil }
            results.forEach(progress)
            return results
        }
        var results: [LengthResult] = []
        for length in 1...maxLength where TaskBridge.isValid(task, length: length) {
            guard let r = evaluate(machine, on: task, head: head, length: length, stop: stop) else { return nil }
            results.append(r)
            progress(r)
        }
        return results
    }

    /// The result at one length (`OutputHead.lengthResult`); nil if `stop` said yes.
    ///
    /// Sub-batches are drawn in order from the length's stream, then run on all cores at once, one
    /// sub-batch per core with unsplit products (Parallel.forEach): splitting every small
    /// product of a forward pass synchronized the cores at every time step. Each sub-batch's
    /// numbers do not depend on which thread runs it, and the head pools them in the order they
    /// were drawn, so the result is the same as running them one after another.
    public func evaluate(
        _ machine: any Machine, on task: any AlgorithmicTask, head: any OutputHead, length: Int,
        stop: () -> Bool = { false }
    ) -> LengthResult? {
        measure(machine, on: task, head: head, length: length, stop: stop)
    }

    /// The result at one length of the examples in `batches` (a file's, `DataFileScore`): the
    /// same scoring as a sampled length.
    public func evaluate(
        _ machine: any Machine, on task: any AlgorithmicTask, head: any OutputHead, batches: [Batch], length: Int
    ) -> LengthResult {
        given(machine, on: task, head: head, batches: batches, length: length)
    }

    private func given<Head: OutputHead>(
        _ machine: any Machine, on task: any AlgorithmicTask, head: Head, batches: [Batch], length: Int
    ) -> LengthResult {
        var rng = StepStreams.generator(seed: seed, .evaluation, length)
        var given = batches[...]
        let measured = run(
            machine, on: task, head: head, length: length, stop: { false }, next: { given.popFirst() },
            stream: { rng.split() })!
        return head.result(of: measured, length: length)
    }

    private func measure<Head: OutputHead>(
        _ machine: any Machine, on task: any AlgorithmicTask, head: Head, length: Int, stop: () -> Bool
    ) -> LengthResult? {
        sampled(machine, on: task, head: head, length: length, stop: stop).map { head.result(of: $0, length: length) }
    }

    /// Every length 1 ... maxLength from one pass at maxLength (`OutputHead.measuresEveryPrefix`):
    /// the sequences of the longest length's stream, each prefix scored as its own length.
    private func everyPrefix<Head: OutputHead>(
        _ machine: any Machine, on task: any AlgorithmicTask, head: Head, stop: () -> Bool
    ) -> [LengthResult]? {
        guard let measured = sampled(machine, on: task, head: head, length: maxLength, stop: stop) else { return nil }
        var results = head.prefixResults(samples: measured.sequences, metrics: measured.metrics) ?? []
        results = results.filter { TaskBridge.isValid(task, length: $0.length) }
        return results
    }

    /// The metrics of `samples` fresh sequences of `length` from the length's stream.
    private func sampled<Head: OutputHead>(
        _ machine: any Machine, on task: any AlgorithmicTask, head: Head, length: Int, stop: () -> Bool
    ) -> Measured<Head.Metrics>? {
        var rng = StepStreams.generator(seed: seed, .evaluation, length)
        var remaining = samples
        return run(
            machine, on: task, head: head, length: length, stop: stop,
            next: {
                guard remaining > 0 else { return nil }
                let n = Swift.min(batchSize, remaining)
                remaining -= n
                return task.sample(batchSize: n, length: length, rng: &rng)
            }, stream: { rng.split() })
    }

    /// Runs the machine on every batch `next` gives, each sub-batch's forward stream taken from
    /// `stream` right after its batch is drawn (the order sampled evaluations always had).
    private func run<Head: OutputHead>(
        _ machine: any Machine, on task: any AlgorithmicTask, head: Head, length: Int, stop: () -> Bool,
        next: () -> Batch?, stream: () -> RandomGenerator
    ) -> Measured<Head.Metrics>? {
        var work: [(batch: EncodedBatch, context: ForwardContext)] = []
        while let sampled = next() {
            let batch = head.encode(sampled, length: length)
            // Its own stream per sub-batch, so randomized positional encodings differ between batches.
            let context = ForwardContext(
                training: false, rng: stream(), taskIterations: task.iterations(forLength: length),
                outputsAtEachInput: task.outputsAtEachInput)
            work.append((batch, context))
        }
        let slots = MetricSlots<Head.Metrics>(count: work.count)
        let steps = MetricSlots<(total: Double, count: Int)>(count: work.count)
        machine.withoutGradients {
            Parallel.forEach(work.count) { i in
                if slots.stopped || stop() {
                    slots.stop()
                    return
                }
                var context = work[i].context
                let batch = work[i].batch
                let logits =
                    beamWidth > 1 && machine.isAutoregressive
                    ? BeamSearch.decode(
                        machine, batch: batch, head: head, width: beamWidth, end: head.endClass(of: batch),
                        context: &context)
                    : machine.logits(
                        input: batch.input, outputLength: batch.outputLength, targets: nil, context: &context)
                slots.set(i, head.metrics(logits: logits, batch: batch))
                if let used = context.stepsUsed { steps.set(i, (used, context.stepsCounted)) }
            }
        }
        guard !slots.stopped else { return nil }
        // Pooled in the order the sub-batches were drawn, as the head pools its metrics.
        let recorded = steps.values.compactMap { $0 }
        let counted = recorded.reduce(0) { $0 + $1.count }
        return Measured(
            metrics: slots.values.map { $0! }, sequences: work.reduce(0) { $0 + $1.batch.batchSize },
            stepsUsed: counted > 0 ? recorded.reduce(0) { $0 + $1.total } / Double(counted) : nil)
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

    /// Mean computation steps used over the lengths in `range`, for adaptive and looped machines.
    public static func meanStepsUsed(_ results: [LengthResult], in range: ClosedRange<Int>) -> Double? {
        let sel = results.filter { range.contains($0.length) }.compactMap(\.stepsUsed)
        return sel.isEmpty ? nil : sel.reduce(0, +) / Double(sel.count)
    }

    /// Mean bit errors per sequence over `range`, for bit-vector tasks.
    public static func meanBitErrors(_ results: [LengthResult], in range: ClosedRange<Int>) -> Double? {
        let sel = results.filter { range.contains($0.length) }.compactMap(\.bitErrorsPerSequence)
        return sel.isEmpty ? nil : sel.reduce(0, +) / Double(sel.count)
    }
}

/// What the sub-batches of one length measured, in the order they were drawn.
struct Measured<Metrics> {
    var metrics: [Metrics]
    var sequences: Int
    var stepsUsed: Double?
}

extension OutputHead {
    /// The length's result from its measured sub-batches.
    func result(of measured: Measured<Metrics>, length: Int) -> LengthResult {
        var result = lengthResult(length: length, samples: measured.sequences, metrics: measured.metrics)
        result.stepsUsed = measured.stepsUsed
        return result
    }
}

/// One result slot per sub-batch, written from several threads (each slot by one thread).
final class MetricSlots<Metrics>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Metrics?]
    /// Set when a stop request cut the length short.
    private(set) var stopped = false
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }
    func set(_ i: Int, _ v: Metrics) {
        lock.lock()
        values[i] = v
        lock.unlock()
    }
}
