import Foundation

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
