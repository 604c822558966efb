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
    /// How many of the checked s-ops are numerical.
    public var numericalSOps = 0
    /// The largest distance of a categorical s-op's directions from the exact one-hot (or zero for None).
    public var maxCategoricalDeviation = 0.0
    /// The first input on which the outputs differ; nil if none did.
    public var counterexample: Counterexample?
    /// The first input on which the outputs agreed but some s-op inside did not.
    public var intermediateDisagreement: (input: [Value], disagreement: Disagreement)?
    /// Every input planned at lengths 1 … this was checked.
    public var completedLength = 0
    /// Inputs checked so far at the length being checked.
    public var checkedAtLength = 0
    /// Where checking stopped at a counterexample; nil if it ran through.
    public var stoppedAt: Stop?
    /// Lengths up to the model's maximum that were not checked, because the interpreter does not
    /// run this program on inputs that long (`Interpreter.longestInput`).
    public var uncheckedLengths: ClosedRange<Int>?

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

    /// Where the check stopped: at which length, after how many of that length's planned inputs
    /// (the counterexample included).
    public struct Stop: Sendable {
        public let length: Int
        public let checked: Int
        public let planned: Int
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
        // What was checked, exactly: a counterexample stops the check, so the planned ranges are
        // stated only as far as they were covered.
        let stop = stoppedAt
        if let stop, stop.length <= exhaustiveLength {
            var line = "exhaustive: "
            if stop.length > 1 {
                line +=
                    "every input of length \(Self.lengths(1, stop.length - 1)) "
                    + "(\(exhaustiveInputs - stop.checked) inputs), then "
            }
            line +=
                "\(stop.checked) of the \(stop.planned) inputs of length \(stop.length), "
                + "stopping at the counterexample"
            lines.append(line)
            if let r = randomLengths {
                lines.append(
                    "random:     none (\(samplesPerLength) inputs at each length \(Self.lengths(r)) not reached)")
            }
        } else {
            lines.append(
                exhaustiveLength == 0
                    ? "exhaustive: none (the limit is below the number of inputs of length 1)"
                    : "exhaustive: every input of length \(Self.lengths(1, exhaustiveLength)) "
                        + "(\(exhaustiveInputs) inputs)")
            if let r = randomLengths {
                if let stop {
                    var line = "random:     "
                    if stop.length > r.lowerBound {
                        line +=
                            "\(samplesPerLength) inputs at each length "
                            + "\(Self.lengths(r.lowerBound, stop.length - 1)), then "
                    }
                    line +=
                        "\(stop.checked) of \(stop.planned) at length \(stop.length), stopping at the "
                        + "counterexample (\(randomInputs) inputs)"
                    lines.append(line)
                } else {
                    lines.append(
                        "random:     \(samplesPerLength) inputs at each length \(Self.lengths(r)) "
                            + "(\(randomInputs) inputs)")
                }
            }
        }
        if let u = uncheckedLengths {
            lines.append(
                "not checked: lengths \(Self.lengths(u)), longer than the interpreter runs this program on "
                    + "(RASP's limits)")
        }
        let numerical = maxNumericalErrorAt.map { "\(Verifier.format(maxNumericalError)) (\($0))" }
        let none = numericalSOps == 0 ? "none (no numerical s-op)" : "none (no numerical value was compared)"
        lines.append("largest numerical error: " + (numerical ?? none))
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

extension VerificationReport {
    /// "3" or "1-3".
    static func lengths(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)-\(b)" }
    static func lengths(_ r: ClosedRange<Int>) -> String { lengths(r.lowerBound, r.upperBound) }
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
