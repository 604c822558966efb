import ReckonTasks
import ReckonTensor

/// A task batch in the form machines and output heads take: the input as vectors, the target as
/// the task gave it, and the per-position weights of the accuracy.
public struct EncodedBatch {
    /// [B, T, inputSize]: one-hot tokens, or bit vectors or real values as the task gives them.
    public let input: Tensor
    /// The task's target: token ids, bit vectors, real values or input positions.
    public let target: Payload
    /// Accuracy mask per output position (B·T_out).
    public let mask: [Float]
    public let batchSize: Int
    public let outputLength: Int
    /// Numbers per output position: classes (for pointers the input length), bits or values.
    public let outputSize: Int
    /// The length the batch was sampled at (a real-valued task's success threshold depends on it).
    public let length: Int

    /// Token ids become one-hot vectors of `inputSize`; vectors pass through as they are.
    public init(_ batch: Batch, inputSize: Int, outputSize: Int, length: Int) {
        let shape = [batch.batchSize, batch.inputLength]
        switch batch.input {
        case .tokens(let ids), .pointers(let ids): input = oneHot(ids, idShape: shape, depth: inputSize)
        case .bitVectors(let values, let width), .reals(let values, let width):
            input = Tensor(values, shape: shape + [width])
        }
        target = batch.target
        mask = batch.mask
        batchSize = batch.batchSize
        outputLength = batch.outputLength
        self.outputSize = outputSize
        self.length = length
    }

    /// The target as a tensor [B, T_out, outputSize]: ids one-hot, vectors as they are (teacher
    /// forcing, and the losses of bit-vector and real targets).
    public var targetTensor: Tensor {
        switch target {
        case .tokens(let ids), .pointers(let ids):
            oneHot(ids, idShape: [batchSize, outputLength], depth: outputSize)
        case .bitVectors(let values, let width), .reals(let values, let width):
            Tensor(values, shape: [batchSize, outputLength, width])
        }
    }
}
