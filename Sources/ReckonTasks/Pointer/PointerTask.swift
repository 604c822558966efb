import ReckonSupport

/// A task whose answer is a sequence of positions in its own input (Vinyals et al. 2015, Pointer
/// Networks): the number of classes at an output step is the input length.
///
/// Batches hold real values in, [B, T_in, inputSize] (numbers or points, one row per position),
/// and pointers out (input positions). The mask is 1 on the positions the answer has (a
/// variable-length answer pads its tail with mask 0). Besides exact sequence accuracy, a task has
/// its own metrics (`metricNames`), scored from a decoded answer.
public protocol PointerTask: AlgorithmicTask {
    /// The exact answer (input positions, end marker included) for one input given as rows of
    /// `inputSize` values, computed without the generator's code.
    func solvePointers(_ input: [[Float]]) -> [Int]
    /// Names of the task's own metrics, in the order `metrics` returns them (may be empty).
    var metricNames: [String] { get }
    /// The task's metrics for one decoded answer (`outputLength` positions) to `input`; nil marks
    /// a metric that does not apply to this answer (the area of a polygon that is not simple).
    func metrics(prediction: [Int], input: [[Float]]) -> [Double?]
    /// The position whose choice ends an answer (a hull's end-marker row), or nil when every
    /// answer fills the output; decoding may stop a beam there.
    func endPosition(inputLength: Int) -> Int?
}

extension PointerTask {
    public var outputKind: TaskOutputKind { .pointers }
    public var level: TaskLevel { .pointer }
    public var isClassification: Bool { false }
    public func endPosition(inputLength: Int) -> Int? { nil }

    /// An output names an input position; the symbols are the positions of the input at the
    /// literature's longest training length, the fixed output vocabulary of non-pointer baselines
    /// (seq2seq). A pointer machine points at any length and does not use them.
    public var outputSymbols: [String] { (0..<inputLength(forLength: defaultTrainLength)).map(String.init) }

    public func solution(for input: Payload) -> Payload { .pointers(solvePointers(input.rows)) }

    /// Points in the unit square, three decimals.
    public var valueFormat: String { "%.3f" }

    /// `solve` on integers: the values of the rows flattened row by row.
    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count % inputSize == 0, "input must be whole rows of \(inputSize) values")
        let rows = stride(from: 0, to: input.count, by: inputSize).map { start in
            input[start..<start + inputSize].map(Float.init)
        }
        return solvePointers(rows)
    }

    /// Mask 1 on the first `count` positions of a row of `outputLength`, 0 after.
    func maskRow(count: Int, outputLength: Int) -> [Float] {
        (0..<outputLength).map { $0 < count ? 1 : 0 }
    }
}
