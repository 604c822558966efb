import ReckonTasks
import ReckonTensor

/// A task batch in the form machines and losses take: inputs as vectors, targets as labels
/// (or bits), and the per-position weights of the loss and of the accuracy.
public struct EncodedBatch {
    /// [B, T, inputSize]: one-hot tokens, or raw bit vectors or real values as the task gives them.
    public var input: Tensor
    public var batchSize: Int
    public var outputLength: Int
    public var outputSize: Int
    /// Class ids per output position, B·T_out of them (token tasks).
    public var labels: [Int]
    /// Target bits [B, T_out, outputSize] (bit-vector tasks), else nil.
    public var targetBits: Tensor?
    /// Accuracy mask per output position (B·T_out).
    public var mask: [Float]
    /// The task's batch, kept for pointer tasks (then `outputSize` is the input length): their
    /// metrics read the input values.
    public var pointerSource: Batch? = nil
    /// Target values [B, T_out, outputSize] (real-valued tasks), else nil.
    public var targetValues: Tensor? = nil
    /// For real-valued tasks: the mean squared error below which this batch counts as solved
    /// (`RealValuedTask.successThreshold`), set by whoever knows the batch's length.
    public var successThreshold: Double? = nil

    /// One-hot targets [B, T_out, outputSize] for teacher forcing.
    public var oneHotTargets: Tensor {
        targetBits ?? oneHot(labels, idShape: [batchSize, outputLength], depth: outputSize)
    }
}
