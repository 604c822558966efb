import ReckonMachines
import ReckonNN
import ReckonRASP
import ReckonTasks
import ReckonTensor

/// A transformer compiled from a RASP program, seen as a machine on one task: the task's input
/// tokens become the program's tokens by symbol, and the program's output at the last
/// `outputLength` positions becomes logits over the task's output symbols.
///
/// The logit of an output symbol is the residual stream's value on that symbol's direction of the
/// output s-op (1 where the model chose it, 0 elsewhere), so the argmax is exactly the compiled
/// model's decoded output; a symbol outside the output's value set gets `unreachable`. Nothing is
/// trained: the machine has no parameters.
public final class CompiledMachine: Module, Machine {
    public let model: CompiledModel
    /// The compiled model's token id (1 + vocabulary index) of each task input token id.
    let tokenIDs: [Int]
    /// For each task output token id, the column of the output span holding it, if any.
    let outputColumns: [Int?]
    let outputSize: Int
    public let computationStepsMultiplier = 0

    /// The logit of an output symbol the program can never produce.
    static let unreachable: Float = -1e4

    /// Fails when a task input symbol is not in the model's vocabulary (the program could not read
    /// it) or the output s-op is numerical (its value is not a class).
    public init(_ model: CompiledModel, task: any AlgorithmicTask) throws {
        guard task.outputKind == .tokens else {
            throw LabError.invalidOption(
                "a compiled RASP model reads and writes tokens; \(task.name) has "
                    + "\(task.outputKind.rawValue) outputs")
        }
        var ids: [Int] = []
        for symbol in task.inputSymbols {
            guard let i = model.vocabulary.firstIndex(of: Value(token: symbol)) else {
                let vocabulary = model.vocabulary.map(\.description).joined(separator: ",")
                throw LabError.invalidOption(
                    "\(task.name)'s input symbol '\(symbol)' is not in the compiled model's "
                        + "vocabulary {\(vocabulary)}; compile with --vocab "
                        + task.inputSymbols.joined(separator: ","))
            }
            ids.append(i + 1)
        }
        let span = model.outputSpan
        guard span.encoding == .categorical else {
            throw LabError.invalidOption(
                "the compiled program's output is numerical; evaluating it on a task needs "
                    + "a categorical output")
        }
        self.model = model
        tokenIDs = ids
        outputColumns = task.outputSymbols.map { symbol in span.values.firstIndex(of: Value(token: symbol)) }
        outputSize = task.outputSize
        super.init()
    }

    /// Logits [B, T, outputSize] at every input position of token inputs x [B, T, inputSize] (one-hot).
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let b = x.shape[0]
        let t = x.shape[1]
        let width = x.shape[2]
        let rows: [[Int]] = x.withUnsafeBufferPointer { p in
            (0..<b).map { r in
                [0]
                    + (0..<t).map { pos in
                        tokenIDs[Kernels.firstMaximum(p, start: (r * t + pos) * width, count: width)]
                    }
            }
        }
        let residual = model.forward(tokenIDs: rows)
        let d = model.residualWidth
        let start = model.outputSpan.start
        var logits = [Float](repeating: Self.unreachable, count: b * t * outputSize)
        residual.withUnsafeBufferPointer { p in
            for r in 0..<b {
                for pos in 0..<t {
                    let row = (r * (t + 1) + pos + 1) * d
                    for (c, column) in outputColumns.enumerated() {
                        if let column { logits[(r * t + pos) * outputSize + c] = p[row + start + column] }
                    }
                }
            }
        }
        return Tensor(logits, shape: [b, t, outputSize])
    }

    /// The program's values at the last `outputLength` input positions: no blank output tape, since
    /// a RASP program answers in place.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let out = forward(x, inputLength: x.shape[1], context: &context)
        let total = out.shape[1]
        return out.slice(axis: 1, total - outputLength..<total)
    }
}
