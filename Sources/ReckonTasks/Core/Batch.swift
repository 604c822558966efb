/// A batch of examples as plain row-major arrays (the Lab turns them into tensors).
///
/// Token tasks fill `input`, `target` and `mask`. Bit-vector tasks (memory tasks such as
/// copy) additionally fill `inputBits` [B, T, inputBitWidth] and `targetBits`
/// [B, T_out, targetBitWidth]; for them `input`/`target` may be empty and `mask` still has
/// one weight per output position.
public struct Batch: Equatable, Sendable {
    public var batchSize: Int
    /// Length of every input row (can be shorter than the requested length; see `AlgorithmicTask.inputLength(forLength:)`).
    public var inputLength: Int
    public var outputLength: Int
    /// Input token ids, [batchSize, inputLength] row-major.
    public var input: [Int]
    /// Target token ids, [batchSize, outputLength] row-major (classification: one per row).
    public var target: [Int]
    /// [batchSize, outputLength]: 1 where a position counts for accuracy (the reference's
    /// `accuracy_mask`; its loss uses every position regardless).
    public var mask: [Float]
    /// Bit-vector inputs [batchSize, inputLength, inputBitWidth], or nil for token tasks.
    public var inputBits: [Float]?
    /// Bit-vector targets [batchSize, outputLength, targetBitWidth], or nil for token tasks.
    public var targetBits: [Float]?
    /// Width of one input bit vector (0 for token tasks).
    public var inputBitWidth: Int
    /// Width of one target bit vector (0 for token tasks).
    public var targetBitWidth: Int

    public init(batchSize: Int, inputLength: Int, outputLength: Int, input: [Int], target: [Int], mask: [Float]? = nil,
                inputBits: [Float]? = nil, inputBitWidth: Int = 0, targetBits: [Float]? = nil, targetBitWidth: Int = 0) {
        precondition(input.count == batchSize * inputLength || inputBits != nil, "input must be [batchSize, inputLength]")
        precondition(target.count == batchSize * outputLength || targetBits != nil, "target must be [batchSize, outputLength]")
        self.batchSize = batchSize; self.inputLength = inputLength; self.outputLength = outputLength
        self.input = input; self.target = target
        self.mask = mask ?? [Float](repeating: 1, count: batchSize * outputLength)
        precondition(self.mask.count == batchSize * outputLength, "mask must be [batchSize, outputLength]")
        self.inputBits = inputBits; self.inputBitWidth = inputBitWidth
        self.targetBits = targetBits; self.targetBitWidth = targetBitWidth
    }

    /// A token batch of zeros with an all-ones mask, for tasks to fill in place.
    public init(batchSize: Int, inputLength: Int, outputLength: Int) {
        self.init(batchSize: batchSize, inputLength: inputLength, outputLength: outputLength,
                  input: [Int](repeating: 0, count: batchSize * inputLength),
                  target: [Int](repeating: 0, count: batchSize * outputLength))
    }

    /// Input tokens of example `b`.
    public func inputRow(_ b: Int) -> [Int] { Array(input[b * inputLength ..< (b + 1) * inputLength]) }

    /// Target tokens of example `b`.
    public func targetRow(_ b: Int) -> [Int] { Array(target[b * outputLength ..< (b + 1) * outputLength]) }

    /// Mask weights of example `b`.
    public func maskRow(_ b: Int) -> [Float] { Array(mask[b * outputLength ..< (b + 1) * outputLength]) }
}
