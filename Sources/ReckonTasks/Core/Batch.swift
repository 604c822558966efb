/// A batch of examples as plain row-major arrays (the Lab turns them into tensors).
///
/// Token tasks fill `input`, `target` and `mask`. Bit-vector tasks (memory tasks such as
/// copy) additionally fill `inputBits` [B, T, inputBitWidth] and `targetBits`
/// [B, T_out, targetBitWidth]; for them `input`/`target` may be empty and `mask` still has
/// one weight per output position. Real-valued and pointer tasks fill `inputValues`
/// [B, T, inputValueWidth] (numbers, points); real-valued tasks fill `targetValues`
/// [B, T_out, targetValueWidth], pointer tasks fill `target` with input positions.
public struct Batch: Equatable, Sendable {
    public var batchSize: Int
    /// Length of every input row (can be shorter than the requested length; see
    /// `AlgorithmicTask.inputLength(forLength:)`).
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
    /// Real-valued inputs [batchSize, inputLength, inputValueWidth], or nil.
    public var inputValues: [Float]?
    /// Real-valued targets [batchSize, outputLength, targetValueWidth], or nil.
    public var targetValues: [Float]?
    /// Width of one real-valued input position (0 when there are none).
    public var inputValueWidth = 0
    /// Width of one real-valued target position (0 when there are none).
    public var targetValueWidth = 0

    public init(
        batchSize: Int, inputLength: Int, outputLength: Int, input: [Int], target: [Int], mask: [Float]? = nil,
        inputBits: [Float]? = nil, inputBitWidth: Int = 0, targetBits: [Float]? = nil, targetBitWidth: Int = 0,
        inputValues: [Float]? = nil, inputValueWidth: Int = 0,
        targetValues: [Float]? = nil, targetValueWidth: Int = 0
    ) {
        precondition(
            input.count == batchSize * inputLength || inputBits != nil || inputValues != nil,
            "input must be [batchSize, inputLength]")
        precondition(
            target.count == batchSize * outputLength || targetBits != nil || targetValues != nil,
            "target must be [batchSize, outputLength]")
        self.batchSize = batchSize
        self.inputLength = inputLength
        self.outputLength = outputLength
        self.input = input
        self.target = target
        self.mask = mask ?? [Float](repeating: 1, count: batchSize * outputLength)
        precondition(self.mask.count == batchSize * outputLength, "mask must be [batchSize, outputLength]")
        self.inputBits = inputBits
        self.inputBitWidth = inputBitWidth
        self.targetBits = targetBits
        self.targetBitWidth = targetBitWidth
        precondition(
            inputValues.map { $0.count == batchSize * inputLength * inputValueWidth } ?? true,
            "inputValues must be [batchSize, inputLength, inputValueWidth]")
        precondition(
            targetValues.map { $0.count == batchSize * outputLength * targetValueWidth } ?? true,
            "targetValues must be [batchSize, outputLength, targetValueWidth]")
        self.inputValues = inputValues
        self.inputValueWidth = inputValueWidth
        self.targetValues = targetValues
        self.targetValueWidth = targetValueWidth
    }

    /// A token batch of zeros with an all-ones mask, for tasks to fill in place.
    public init(batchSize: Int, inputLength: Int, outputLength: Int) {
        self.init(
            batchSize: batchSize, inputLength: inputLength, outputLength: outputLength,
            input: [Int](repeating: 0, count: batchSize * inputLength),
            target: [Int](repeating: 0, count: batchSize * outputLength))
    }

    /// Input tokens of example `b`.
    public func inputRow(_ b: Int) -> [Int] { Array(input[b * inputLength..<(b + 1) * inputLength]) }

    /// Target tokens of example `b`.
    public func targetRow(_ b: Int) -> [Int] { Array(target[b * outputLength..<(b + 1) * outputLength]) }

    /// Mask weights of example `b`.
    public func maskRow(_ b: Int) -> [Float] { Array(mask[b * outputLength..<(b + 1) * outputLength]) }
}
