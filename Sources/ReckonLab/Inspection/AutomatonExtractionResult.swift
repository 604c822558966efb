import Foundation
import ReckonTasks

/// What `reckon extract` found: the automaton extracted from a recurrent machine, the task's own,
/// and how they compare (the page's data and `--json`'s).
public struct AutomatonExtractionResult: Codable, Sendable {
    /// One number of clusters tried.
    public struct Candidate: Codable, Sendable {
        public var clusters: Int
        /// States after minimization.
        public var states: Int
        /// The share of held-out strings on which the automaton answers as the network does.
        public var heldOutAgreement: Double
    }

    /// The shortest input on which the extracted automaton and the task's disagree, with each one's
    /// answer (nil: no answer there) and the network's own.
    public struct Disagreement: Codable, Sendable {
        public var input: [String]
        public var extracted: String?
        public var task: String?
        public var network: String?
    }

    /// Agreement at one length, over fresh strings.
    public struct LengthAgreement: Codable, Sendable {
        public var length: Int
        public var samples: Int
        public var automatonAndNetwork: Double
        public var automatonAndTask: Double
        public var networkAndTask: Double
    }

    public var run: String
    public var task: String
    public var model: String
    public var step: Int
    public var trainLength: Int
    public var samples: Int
    public var heldOut: Int
    public var statesCollected: Int
    public var agreementThreshold: Double
    /// What was clustered ("state" or "behaviour") and, for behaviour, the probes' longest length.
    public var features: String
    public var probeDepth: Int?
    /// The clusters of the automaton kept, and its held-out agreement with the network.
    public var clusters: Int
    public var heldOutAgreement: Double
    public var candidates: [Candidate]
    /// The extracted automaton and the task's, both minimal and numbered canonically.
    public var extracted: MooreAutomaton
    public var reference: MooreAutomaton
    public var isomorphic: Bool
    public var disagreement: Disagreement?
    public var lengths: [LengthAgreement]
    public var inputSymbols: [String]
    public var outputSymbols: [String]
    /// Wall time of each stage: collecting states, clustering, the comparison at every length. Printed,
    /// not encoded: the same command and seed give the same JSON bytes.
    public var seconds: [String: Double] = [:]

    enum CodingKeys: String, CodingKey {
        case run, task, model, step, trainLength, samples, heldOut, statesCollected, agreementThreshold, features
        case probeDepth, clusters, heldOutAgreement, candidates, extracted, reference, isomorphic, disagreement
        case lengths, inputSymbols, outputSymbols
    }

    /// The lowest agreement of the extracted automaton with the task over the lengths measured.
    public var worstTaskAgreement: Double { lengths.map(\.automatonAndTask).min() ?? 0 }
}

extension AutomatonExtractionResult {
    /// `--json`'s bytes: keys sorted, non-finite numbers as strings (as metrics.jsonl writes them).
    public func jsonData() throws -> Data {
        let e = RunFolder.encoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(self)
    }
}
