import ReckonTasks

/// The one place an output head is chosen: by the task's output kind, once per run.
public enum OutputHeads {
    /// The head of `task`'s output kind.
    public static func head(for task: any AlgorithmicTask) -> any OutputHead {
        switch task.outputKind {
        case .tokens: return TokenHead(task)
        case .bitVectors: return BitVectorHead(task)
        case .reals:
            guard let task = task as? any RealValuedTask else {
                preconditionFailure("\(task.name) has real outputs but is no RealValuedTask")
            }
            return RealValueHead(task)
        case .pointers:
            guard let task = task as? any PointerTask else {
                preconditionFailure("\(task.name) has pointer outputs but is no PointerTask")
            }
            return PointerHead(task)
        case .prediction:
            guard let task = task as? any SequencePrediction else {
                preconditionFailure("\(task.name) predicts its next symbol but is no SequencePrediction")
            }
            return PredictionHead(task)
        }
    }
}
