/// A task whose inputs and targets are real values (`Payload.reals`), trained with mean squared error.
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

    /// `solveValues` in Double, given back as the batch's Float.
    public func solution(for input: Payload) -> Payload {
        .reals(solveValues(input.values.map(Double.init)).map(Float.init), width: outputSize)
    }

    /// `solve` on integers: the input values given as integers, the targets rounded to the nearest integer.
    public func solve(_ input: [Int]) -> [Int] {
        solveValues(input.map(Double.init)).map { Int($0.rounded()) }
    }
}
