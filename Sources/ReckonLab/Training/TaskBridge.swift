import ReckonTasks

/// Where a task's sizes and lengths meet a machine's: the widths it is built with and the lengths
/// a run can sample. Everything that depends on the kind of output is an `OutputHead`.
public enum TaskBridge {
    /// Width of the vectors a machine receives per input position.
    public static func inputWidth(_ task: any AlgorithmicTask) -> Int { OutputHeads.head(for: task).inputSize }

    /// Classes per output position a machine is built with: its head's width for the longest
    /// training input (the task's output alphabet; for pointer tasks the positions of that input,
    /// a fixed vocabulary for machines that are not pointer networks; `PointerNet` ignores it).
    public static func outputWidth(_ task: any AlgorithmicTask, trainLength: Int) -> Int {
        outputWidth(task, head: OutputHeads.head(for: task), trainLength: trainLength)
    }

    /// `outputWidth(_:trainLength:)` with the run's head.
    static func outputWidth(_ task: any AlgorithmicTask, head: any OutputHead, trainLength: Int) -> Int {
        head.outputWidth(inputLength: task.inputLength(forLength: trainLength))
    }

    /// Whether the task can produce inputs of this length.
    public static func isValid(_ task: any AlgorithmicTask, length: Int) -> Bool {
        (try? task.validate(length: length)) != nil
    }

    /// `length` if valid, else the closest valid length not above `atMost` (searching down, then up).
    public static func nearestValidLength(_ task: any AlgorithmicTask, _ length: Int, atMost: Int) -> Int {
        if isValid(task, length: length) { return length }
        for d in 1...Swift.max(atMost, 1) {
            if length - d >= 1, isValid(task, length: length - d) { return length - d }
            if length + d <= atMost, isValid(task, length: length + d) { return length + d }
        }
        return length
    }
}
