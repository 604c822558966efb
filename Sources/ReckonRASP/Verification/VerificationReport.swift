import Foundation

/// What `Verifier` checked and found.
public struct VerificationReport: Sendable {
    /// Every input of lengths 1 … this was checked.
    public var exhaustiveLength: Int
    /// Random inputs were checked at each of these lengths.
    public var randomLengths: ClosedRange<Int>?
    public var samplesPerLength: Int
    /// The output s-op's label.
    public var output: String
    public var exhaustiveInputs = 0
    public var randomInputs = 0
    /// The largest |model − program| of any numerical s-op at any position, and which s-op.
    public var maxNumericalError = 0.0
    public var maxNumericalErrorAt: String?
    /// The largest distance of a categorical s-op's directions from the exact one-hot (or zero for None).
    public var maxCategoricalDeviation = 0.0
    /// The first input on which the outputs differ; nil if none did.
    public var counterexample: Counterexample?
    /// The first input on which the outputs agreed but some s-op inside did not.
    public var intermediateDisagreement: (input: [Value], disagreement: Disagreement)?

    init(exhaustiveLength: Int, randomLengths: ClosedRange<Int>?, samplesPerLength: Int, output: String) {
        self.exhaustiveLength = exhaustiveLength
        self.randomLengths = randomLengths
        self.samplesPerLength = samplesPerLength
        self.output = output
    }

    public var passed: Bool { counterexample == nil }

    /// One s-op at one position where the model and the program differ.
    public struct Disagreement: Sendable {
        public let label: String
        public let position: Int
        public let expected: Value?
        public let actual: Value?
    }

    /// An input on which the model's output is not the program's.
    public struct Counterexample: Sendable {
        public let input: [Value]
        /// The program's output; nil if the interpreter failed.
        public let expected: [Value?]?
        public let actual: [Value?]
        public let interpreterError: String?
        /// The first s-op (in graph order) that disagrees.
        public let disagreement: Disagreement?
    }

    /// A few lines for a terminal.
    public var summary: String {
        var lines: [String] = []
        lines.append("exhaustive: every input of length 1-\(exhaustiveLength) (\(exhaustiveInputs) inputs)")
        if let r = randomLengths {
            lines.append(
                "random:     \(samplesPerLength) inputs at each length \(r.lowerBound)-\(r.upperBound) "
                    + "(\(randomInputs) inputs)")
        }
        let numerical = maxNumericalErrorAt.map { "\(Verifier.format(maxNumericalError)) (\($0))" }
        lines.append("largest numerical error: " + (numerical ?? "none (no numerical s-op)"))
        lines.append("largest categorical deviation from one-hot: \(Verifier.format(maxCategoricalDeviation))")
        if let c = counterexample {
            lines.append("FAILED on input: \(c.input.map(\.description).joined(separator: " "))")
            if let e = c.interpreterError {
                lines.append("  the program is undefined there: \(e)")
            } else if let expected = c.expected {
                lines.append("  program: \(expected.map(\.text).joined(separator: " "))")
            }
            lines.append("  model:   \(c.actual.map { Verifier.formatDecoded($0) }.joined(separator: " "))")
            if let d = c.disagreement {
                lines.append(
                    "  first disagreeing s-op: \(d.label) at position \(d.position): "
                        + "program \(d.expected.text), model \(Verifier.formatDecoded(d.actual))")
            }
        } else {
            if let (input, d) = intermediateDisagreement {
                lines.append(
                    "note: outputs agree, but \(d.label) differs at position \(d.position) on input "
                        + "\(input.map(\.description).joined(separator: " ")) (program \(d.expected.text), "
                        + "model \(Verifier.formatDecoded(d.actual)))")
            }
            lines.append("PASSED: the model's output equals the program's on every input checked")
        }
        return lines.joined(separator: "\n")
    }
}

extension Verifier {
    /// A small error in scientific notation.
    static func format(_ x: Double) -> String {
        x == 0 ? "0" : String(format: "%.2e", x)
    }

    /// A decoded value; numbers the model computed approximately print with 6 significant digits.
    public static func formatDecoded(_ v: Value?) -> String {
        guard case .number(let d)? = v, d != d.rounded() else { return v.text }
        return String(format: "%.6g", d)
    }
}
