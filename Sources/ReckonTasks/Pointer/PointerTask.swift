import ReckonSupport

/// A task whose answer is a sequence of positions in its own input (Vinyals et al. 2015, Pointer
/// Networks): the number of classes at an output step is the input length.
///
/// Batches fill `Batch.inputValues` [B, T_in, inputSize] (numbers or points, one row per
/// position) and `Batch.target` with input positions; `input` stays empty. The mask is 1 on the
/// positions the answer has (a variable-length answer pads its tail with mask 0). Besides exact
/// sequence accuracy, a task has its own metrics (`metricNames`), scored from a decoded answer.
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

    /// Pointer tasks have no output alphabet: an output names an input position.
    public var outputSymbols: [String] { [] }

    /// The fixed output vocabulary of non-pointer baselines (seq2seq): the positions of the
    /// input at the literature's longest training length. A pointer machine does not use it.
    public var outputSize: Int { inputLength(forLength: defaultTrainLength) }

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

extension Batch {
    /// Real-valued input rows of example `b` (pointer and real-valued tasks).
    public func inputValueRows(_ b: Int) -> [[Float]] {
        let values = inputValues ?? []
        return (0..<inputLength).map { t in
            let start = (b * inputLength + t) * inputValueWidth
            return Array(values[start..<start + inputValueWidth])
        }
    }
}
