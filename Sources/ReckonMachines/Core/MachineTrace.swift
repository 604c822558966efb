import Foundation
import ReckonTensor

/// What a machine shows of its computation when asked (`reckon inspect`): named series of values
/// over the tape's steps. Machines record into `ForwardContext.trace` only when it is set, so a
/// forward pass without one does no extra work and computes exactly what it did before.
///
/// One forward pass records into a trace at a time; inspection runs its passes one after another.
public final class MachineTrace: @unchecked Sendable {
    /// How a series reads, which decides how an inspection page draws it.
    public enum Kind: String, Codable, Sendable {
        /// A state vector per step, [B, H]: drawn as a trajectory on its first two principal components.
        case state
        /// A probability distribution or weighting per step, [B, K] (K labelled rows): a heatmap in [0, 1].
        case weights
        /// Other values per step, [B, K] (K labelled rows): a heatmap centred on 0.
        case values
        /// One number per step, [B, 1]: bars (ACT's ponder per position).
        case count
        /// One layer's attention probabilities over the whole tape, [B, heads, queries, keys].
        case attention
    }

    /// One named series: per-step values, or (attention) one tensor for the whole tape.
    public struct Series {
        public let name: String
        public let kind: Kind
        /// Names of the K rows of a per-step series (actions, memory slots, cells); empty for states.
        public let labels: [String]
        /// Per-step values, each [B, K], in the order the steps ran; for attention, one tensor.
        public fileprivate(set) var values: [Tensor]
        /// The tape step of `values[0]`: 0 for every machine's series today (a stack machine's action
        /// is recorded at the step whose state chose it); a series that starts later says where.
        public let firstStep: Int
    }

    public private(set) var series: [Series] = []
    /// Numbers this trace keeps at most; a value past it is not kept and its series is named in
    /// `dropped` (a looped model's attention at length 500 is a quarter million numbers per head and
    /// iteration).
    public let limit: Int
    public private(set) var kept = 0
    public private(set) var dropped: [String] = []
    private var attentionLayers = 0

    public init(limit: Int = .max) { self.limit = limit }

    /// Whether `count` more numbers fit; names `name` as dropped when they do not.
    private func admits(_ count: Int, for name: String) -> Bool {
        guard kept + count <= limit else {
            if !dropped.contains(name) { dropped.append(name) }
            return false
        }
        kept += count
        return true
    }

    /// Appends one step's values [B, K] (or [B]) to the series `name`, creating it at its first step.
    public func append(_ name: String, _ kind: Kind, labels: [String] = [], step value: Tensor, firstStep: Int = 0) {
        guard admits(value.count, for: name) else { return }
        let rows = value.shape.count == 1 ? value.reshaped([value.shape[0], 1]) : value
        let flat = rows.shape.count > 2 ? rows.reshaped([rows.shape[0], rows.count / rows.shape[0]]) : rows
        if let i = series.firstIndex(where: { $0.name == name }) {
            series[i].values.append(flat)
        } else {
            series.append(Series(name: name, kind: kind, labels: labels, values: [flat], firstStep: firstStep))
        }
    }

    /// Records a whole sequence [B, T, K] at once (an LSTM layer's outputs) as T steps.
    public func record(_ name: String, _ kind: Kind, labels: [String] = [], sequence: Tensor) {
        let steps = sequence.shape[1]
        let batch = sequence.shape[0]
        for part in sequence.split(parts: steps, axis: 1) {
            append(name, kind, labels: labels, step: part.reshaped([batch, sequence.count / (batch * steps)]))
        }
    }

    /// Records one layer's attention probabilities [B, heads, queries, keys].
    public func recordAttention(_ name: String, _ probabilities: Tensor) {
        precondition(probabilities.shape.count == 4, "attention is [B, heads, queries, keys]")
        guard admits(probabilities.count, for: name) else { return }
        series.removeAll { $0.name == name }
        series.append(Series(name: name, kind: .attention, labels: [], values: [probabilities], firstStep: 0))
    }

    /// Records the attention of the next layer to run as `TraceName.attention(layer: k)`, k counting
    /// the attention layers recorded in this pass (a universal transformer's steps and a looped
    /// model's iterations are layers in the order they ran).
    public func recordNextAttention(_ probabilities: Tensor) {
        attentionLayers += 1
        recordAttention(TraceName.attention(layer: attentionLayers - 1), probabilities)
    }

    /// The series named `name`, if the machine recorded it.
    public func series(named name: String) -> Series? { series.first { $0.name == name } }
}

extension MachineTrace.Series {
    /// Item `b`'s values as rows of steps: [step][k] (per-step series).
    public func steps(ofItem b: Int) -> [[Float]] {
        values.map { v in
            let k = v.shape[1]
            return Array(v.scalars[(b * k)..<((b + 1) * k)])
        }
    }
}
