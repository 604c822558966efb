/// A batch of examples as plain row-major arrays (the Lab turns them into tensors): an input
/// payload, a target payload and the accuracy mask.
///
/// Token tasks give tokens in and out, bit-vector tasks (memory tasks such as copy) bit vectors in
/// and out, real-valued tasks real values in and out, pointer tasks real values in (numbers,
/// points) and pointers out. `mask` has one weight per output position whatever the target is.
public struct Batch: Equatable, Sendable {
    public let batchSize: Int
    /// Length of every input row (can be shorter than the requested length; see
    /// `AlgorithmicTask.inputLength(forLength:)`).
    public let inputLength: Int
    public let outputLength: Int
    /// The inputs, [batchSize, inputLength] positions.
    public let input: Payload
    /// The targets, [batchSize, outputLength] positions (classification: one per row).
    public let target: Payload
    /// [batchSize, outputLength]: 1 where a position counts for accuracy (the reference's
    /// `accuracy_mask`; its loss uses every position regardless).
    public let mask: [Float]

    public init(
        batchSize: Int, inputLength: Int, outputLength: Int, input: Payload, target: Payload, mask: [Float]? = nil
    ) {
        precondition(input.width >= 1 && target.width >= 1, "a position holds at least one number")
        precondition(input.count == batchSize * inputLength * input.width, "input must be [batchSize, inputLength]")
        precondition(
            target.count == batchSize * outputLength * target.width, "target must be [batchSize, outputLength]")
        self.batchSize = batchSize
        self.inputLength = inputLength
        self.outputLength = outputLength
        self.input = input
        self.target = target
        self.mask = mask ?? [Float](repeating: 1, count: batchSize * outputLength)
        precondition(self.mask.count == batchSize * outputLength, "mask must be [batchSize, outputLength]")
    }

    /// The input of example `b`.
    public func inputExample(_ b: Int) -> Payload { input.example(b, positions: inputLength) }

    /// The target of example `b`.
    public func targetExample(_ b: Int) -> Payload { target.example(b, positions: outputLength) }

    /// Input token ids of example `b` (token inputs).
    public func inputRow(_ b: Int) -> [Int] { inputExample(b).ids }

    /// Target token ids or input positions of example `b` (token and pointer targets).
    public func targetRow(_ b: Int) -> [Int] { targetExample(b).ids }

    /// Input vectors of example `b`, one row per position (bit-vector and real inputs).
    public func inputVectors(_ b: Int) -> [[Float]] { inputExample(b).rows }

    /// Target vectors of example `b`, one row per position (bit-vector and real targets).
    public func targetVectors(_ b: Int) -> [[Float]] { targetExample(b).rows }

    /// Mask weights of example `b`.
    public func maskRow(_ b: Int) -> [Float] { Array(mask[b * outputLength..<(b + 1) * outputLength]) }
}
