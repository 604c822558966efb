import Dispatch
import ReckonSupport
import ReckonTensor

/// Checks that a compiled model computes what its program computes: on every input up to the
/// longest length whose inputs fit in a budget, then on random inputs at every longer length up to
/// the model's maximum. Every s-op is read back from the residual stream and compared with the
/// interpreter's value at every position, so a disagreement names the first s-op that goes wrong.
///
/// The verdict is about the output: it passes when the decoded output equals the interpreter's
/// output on every input checked (numbers within `tolerance`). An input on which the interpreter
/// itself fails (tracr's evaluator would raise) is a counterexample too: the program has no output
/// there for the model to match.
public struct Verifier {
    /// How much to check.
    public struct Options: Sendable {
        /// The most inputs the exhaustive part may enumerate (over all lengths from 1 up).
        public var exhaustiveLimit = 20_000
        /// Random inputs per length beyond the exhaustive bound.
        public var samplesPerLength = 16
        /// Check random inputs only up to this length (default: the model's maximum).
        public var maxLength: Int?
        public var seed: UInt64 = 0
        /// The largest difference between a numerical value and the program's that still agrees,
        /// relative to the value once it exceeds 1: float32 keeps 24 bits, and a count of 63 read
        /// back from the stream after a selector-width inversion was off by 1.95e-3 (most_frequent,
        /// OpenBLAS Cooperlake kernel) where small values stayed within 2.5e-4.
        public var tolerance = 1e-3
        public init() {}
    }

    public let model: CompiledModel
    public let interpreter: Interpreter
    public let options: Options
    private let graph: ProgramGraph
    /// The graph's s-ops that the model computes, with their residual spans, in graph order.
    private let checked: [(node: Int, span: ResidualLayout.Span)]

    public init(_ model: CompiledModel, options: Options = Options()) {
        self.model = model
        self.options = options
        let interpreter = Interpreter(model.program)
        let graph = interpreter.graph
        self.interpreter = interpreter
        self.graph = graph
        checked = graph.sopIndices.compactMap { i in model.layout.span(graph.nodes[i].label).map { (i, $0) } }
    }

    /// The longest length whose inputs, with all shorter ones, number at most `limit`.
    public static func exhaustiveLength(vocabularySize v: Int, limit: Int, maxLength: Int) -> Int {
        var total = 0
        var count = 1
        var n = 0
        while n < maxLength {
            let (next, overflow) = count.multipliedReportingOverflow(by: v)
            if overflow || total + next > limit { break }
            count = next
            total += next
            n += 1
        }
        return n
    }

    public func verify() -> VerificationReport {
        let vocabulary = model.vocabulary
        let v = vocabulary.count
        let asked = Swift.min(options.maxLength ?? model.maxLength, model.maxLength)
        // The interpreter's bounds may stop short of the model's maximum; say so rather than fail there.
        let top = Swift.min(asked, interpreter.longestInput)
        let exhaustive = Verifier.exhaustiveLength(vocabularySize: v, limit: options.exhaustiveLimit, maxLength: top)
        var report = VerificationReport(
            exhaustiveLength: exhaustive,
            randomLengths: exhaustive < top ? (exhaustive + 1)...top : nil,
            samplesPerLength: options.samplesPerLength,
            output: graph.nodes[graph.output].label)
        if top < asked { report.uncheckedLengths = (top + 1)...asked }
        report.numericalSOps = checked.filter { $0.span.encoding == .numerical }.count
        var rng = RandomGenerator(seed: options.seed)
        for n in stride(from: 1, through: top, by: 1) {
            // Inputs are made batch by batch, in the order they were always drawn, so neither a large
            // --exhaustive-limit nor a large --samples is ever held in memory at once.
            let planned = n <= exhaustive ? Verifier.power(v, n) : options.samplesPerLength
            var digits = [Int](repeating: 0, count: n)
            // Batches of at most ~2M hidden activations (8 MB), so memory stays small at long lengths.
            let widest = Swift.max(model.architecture.maxHidden, model.residualWidth, 1)
            let batch = Swift.max(1, Swift.min(256, 2_000_000 / ((n + 1) * widest)))
            report.checkedAtLength = 0
            var made = 0
            while made < planned {
                let count = Swift.min(batch, planned - made)
                var inputs: [[Value]] = []
                inputs.reserveCapacity(count)
                for _ in 0..<count {
                    if n <= exhaustive {
                        inputs.append(digits.map { vocabulary[$0] })
                        _ = Verifier.increment(&digits, base: v)
                    } else {
                        inputs.append((0..<n).map { _ in vocabulary[rng.nextInt(below: v)] })
                    }
                }
                made += count
                check(inputs, into: &report)
                if report.counterexample != nil {
                    report.stoppedAt = VerificationReport.Stop(
                        length: n, checked: report.checkedAtLength, planned: planned)
                    return report
                }
            }
            report.completedLength = n
        }
        return report
    }

    /// base^exponent; only called where the exhaustive bound keeps it within `exhaustiveLimit`.
    static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { acc, _ in acc * base }
    }

    /// Counts in base `base`, last digit fastest; false after the last combination.
    static func increment(_ digits: inout [Int], base: Int) -> Bool {
        var i = digits.count - 1
        while i >= 0 {
            digits[i] += 1
            if digits[i] < base { return true }
            digits[i] = 0
            i -= 1
        }
        return false
    }

    /// Runs one batch of equal-length inputs through both and folds the comparison into `report`.
    private func check(_ inputs: [[Value]], into report: inout VerificationReport) {
        let n = inputs[0].count
        let d = model.residualWidth
        let traces = UnsafeMutableBufferPointer<Result<Interpreter.Trace, Error>?>.allocate(capacity: inputs.count)
        traces.initialize(repeating: nil)
        defer {
            traces.deinitialize()
            traces.deallocate()
        }
        // The interpreter only reads its program; each iteration writes its own trace.
        let work = SharedWork((traces, self.interpreter))
        DispatchQueue.concurrentPerform(iterations: inputs.count) { b in
            let (traces, interpreter) = work.body
            traces[b] = Result { try interpreter.trace(inputs[b]) }
        }
        let ids = inputs.map { input in [0] + input.map { model.vocabulary.firstIndex(of: $0)! + 1 } }
        let residual = model.forward(tokenIDs: ids)
        residual.withUnsafeBufferPointer { p in
            for (b, input) in inputs.enumerated() {
                if n <= report.exhaustiveLength { report.exhaustiveInputs += 1 } else { report.randomInputs += 1 }
                report.checkedAtLength += 1
                func row(_ pos: Int) -> UnsafeBufferPointer<Float> {
                    let start = (b * (n + 1) + pos + 1) * d
                    return UnsafeBufferPointer(rebasing: p[start..<(start + d)])
                }
                let modelOutput = (0..<n).map { CompiledModel.decode(row($0), model.outputSpan) }
                let trace: Interpreter.Trace
                switch traces[b]! {
                case .failure(let error):
                    report.counterexample = VerificationReport.Counterexample(
                        input: input, expected: nil, actual: modelOutput, interpreterError: "\(error)",
                        disagreement: nil)
                    return
                case .success(let t): trace = t
                }
                var firstDisagreement: VerificationReport.Disagreement?
                for (i, span) in checked {
                    let label = graph.nodes[i].label
                    for pos in 0..<n {
                        let r = row(pos)
                        let expected = trace.values[i][pos]
                        let got = CompiledModel.decode(r, span)
                        var agrees: Bool
                        if span.encoding == .numerical {
                            if let e = expected?.number, let g = got?.number {
                                let error = Swift.abs(e - g)
                                // The first comparison names the s-op even when it is exact: 0 is a result.
                                if error > report.maxNumericalError || report.maxNumericalErrorAt == nil {
                                    report.maxNumericalError = error
                                    report.maxNumericalErrorAt = label
                                }
                                agrees = error <= options.tolerance * Swift.max(1, Swift.abs(e))
                            } else {
                                agrees = false
                            }
                        } else {
                            agrees = got == expected
                            var deviation: Float = 0
                            for (j, value) in span.values.enumerated() {
                                let target: Float = value == expected ? 1 : 0
                                deviation = Swift.max(deviation, Swift.abs(r[span.start + j] - target))
                            }
                            report.maxCategoricalDeviation = Swift.max(
                                report.maxCategoricalDeviation,
                                Double(deviation))
                        }
                        if !agrees, firstDisagreement == nil {
                            firstDisagreement = VerificationReport.Disagreement(
                                label: label, position: pos,
                                expected: expected, actual: got)
                        }
                    }
                }
                let expectedOutput = trace.values[graph.output]
                let outputAgrees = zip(expectedOutput, modelOutput).allSatisfy { e, g in
                    if model.outputSpan.encoding == .numerical, let x = e?.number, let y = g?.number {
                        return Swift.abs(x - y) <= options.tolerance * Swift.max(1, Swift.abs(x))
                    }
                    return e == g
                }
                if !outputAgrees {
                    report.counterexample = VerificationReport.Counterexample(
                        input: input, expected: expectedOutput, actual: modelOutput, interpreterError: nil,
                        disagreement: firstDisagreement)
                    return
                }
                if report.intermediateDisagreement == nil, let firstDisagreement {
                    report.intermediateDisagreement = (input, firstDisagreement)
                }
            }
        }
    }
}
