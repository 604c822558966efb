/// A task whose targets are real numbers (`Batch.targetValues`), trained with mean squared error.
///
/// Success is the literature's criterion for such tasks (Madsen & Johansen 2020): the mean
/// squared error at a length must fall below the error a near-perfect solution makes there.
public protocol RealValuedTask: AlgorithmicTask {
    /// The mean squared error below which predictions at `length` count as solving the task.
    func successThreshold(forLength length: Int) -> Double
    /// The exact target values (T_out · outputSize of them) for one example's input values
    /// (T · inputSize of them), computed without the generator's code.
    func solveValues(_ input: [Double]) -> [Double]
}

extension RealValuedTask {
    public var outputKind: TaskOutputKind { .reals }

    /// `solve` on integers: the input values given as integers, the targets rounded to the nearest integer.
    public func solve(_ input: [Int]) -> [Int] {
        solveValues(input.map(Double.init)).map { Int($0.rounded()) }
    }
}

extension Batch {
    /// Input values of example `b`, every position's values in order (real-valued batches only).
    public func inputValueRow(_ b: Int) -> [Float] {
        let n = inputLength * inputValueWidth
        return Array((inputValues ?? [])[b * n ..< (b + 1) * n])
    }

    /// Target values of example `b` (real-valued batches only).
    public func targetValueRow(_ b: Int) -> [Float] {
        let n = outputLength * targetValueWidth
        return Array((targetValues ?? [])[b * n ..< (b + 1) * n])
    }
}
