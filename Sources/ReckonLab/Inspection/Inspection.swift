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
