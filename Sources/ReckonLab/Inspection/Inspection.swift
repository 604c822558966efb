import Foundation
import ReckonMachines

/// What `reckon inspect` measured of a trained machine on some inputs: per sample, the tape, the
/// answer against the target, and every series the machine traced (`MachineTrace`). It is the
/// page's data and, as JSON, `--json`'s.
public struct Inspection: Codable, Sendable {
    public var run: String
    public var task: String
    public var model: String
    public var step: Int
    /// The run's score from summary.json, when it has one.
    public var score: Double?
    /// How the inputs were chosen ("--input", or "N samples at length L, seed S").
    public var inputs: String
    public var samples: [InspectedSample]
    /// The hidden states of every sample on their first two principal components, when the
    /// machine traced states.
    public var projection: StateProjection?
    /// Names of the task automaton's states, when the task has one (the projection's colours).
    public var trueStateNames: [String]?
    /// Series left out of samples to keep the traces within `MachineInspector.tracedNumbers`.
    public var omitted: [String] = []
}

/// One input run through the machine.
public struct InspectedSample: Codable, Sendable {
    /// The input's symbols.
    public var input: [String]
    /// The answer the task's solver gives, and the machine's, one entry per output position.
    public var target: [String]
    public var prediction: [String]
    /// The probability the machine gave its answer at each output position (nil for real values).
    public var confidence: [Double?]
    /// What each tape step holds: the input's symbols, "·" for computation steps, "?" for answer blanks.
    public var tape: [String]
    /// Where on the tape the answer is read (the first answer position).
    public var answerStart: Int
    /// The task automaton's state after each tape step of the input (nil past the input).
    public var trueStates: [Int?]?
    /// Computation steps the machine recorded (ACT's mean ponder per position, a looped model's
    /// iterations), nil for machines of fixed depth.
    public var stepsUsed: Double?
    /// Whether each answer position is scored (the task's mask: padding after an answer is not).
    public var scored: [Bool]
    public var series: [TracedSeries]

    /// Right at every scored answer position, as evaluation counts it.
    public var isCorrect: Bool {
        target.indices.allSatisfy { j in
            !(scored.indices.contains(j) ? scored[j] : true) || prediction[safe: j] == target[j]
        }
    }
}

/// One traced series of one sample, as numbers.
public struct TracedSeries: Codable, Sendable {
    public var name: String
    public var kind: MachineTrace.Kind
    public var labels: [String]
    /// The tape step of `values[0]`.
    public var firstStep: Int
    /// Per step, the K values (state, weights, values, count); attention: per head, a
    /// queries × keys matrix flattened row by row, with `size` = [queries, keys].
    public var values: [[Float]]
    public var size: [Int]?
}

extension Inspection {
    /// The mean of one per-step series's rows over each part of the tape, pooled over the samples:
    /// input steps, computation steps and answer steps (a part with no recorded step is nil).
    /// For a stack machine on reverse_string this is the push probability while it reads and the
    /// pop probability while it answers.
    public func meanByPart(of name: String) -> [(label: String, input: Double?, computation: Double?, answer: Double?)]
    {
        let traced = samples.compactMap { s in s.series.first { $0.name == name }.map { (s, $0) } }
        guard let labels = traced.first?.1.labels else { return [] }
        return labels.indices.map { k in
            var sums = [0.0, 0.0, 0.0]
            var counts = [0, 0, 0]
            for (sample, series) in traced {
                for (i, row) in series.values.enumerated() where k < row.count {
                    let t = series.firstStep + i
                    let part = t < sample.input.count ? 0 : t < sample.answerStart ? 1 : 2
                    sums[part] += Double(row[k])
                    counts[part] += 1
                }
            }
            let means = (0..<3).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : nil }
            return (labels[k], means[0], means[1], means[2])
        }
    }
}

extension Inspection {
    /// `--json`'s bytes: keys sorted, non-finite numbers as strings (as metrics.jsonl writes them).
    public func jsonData() throws -> Data {
        let e = RunFolder.encoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(self)
    }
}

extension Array {
    /// The element at `i`, or nil outside the array.
    public subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
