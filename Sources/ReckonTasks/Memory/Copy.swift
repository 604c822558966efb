import ReckonSupport

/// copy (Graves et al. 2014; pytorch-ntm `tasks/copytask.py`): T random 8-bit vectors, then a
/// delimiter; the target is the T vectors again.
///
/// Input: T + 1 rows of 9 channels — rows 0..<T carry the bits in channels 0...7 (channel 8
/// is 0), row T is the delimiter (channel 8 = 1, bits 0). The Lab's readout appends the T
/// blank output positions itself. Target: T rows of 8 bits. Literature setup: train on
/// T = 1...20, evaluate up to 120.
public struct Copy: BitVectorTask {
    public init() {}
    public var name: String { "copy" }
    public var level: TaskLevel { .memory }
    public var summary: String { "the 8-bit input vectors, reproduced after the delimiter" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "L vectors (any L >= 1); the input has L + 1 rows (delimiter last)" }
    public var inputSymbols: [String] { (0..<8).map { "b\($0)" } + ["delimiter"] }
    public var outputSymbols: [String] { (0..<8).map { "b\($0)" } }
    public var defaultTrainLength: Int { 20 }
    public var defaultEvalMaxLength: Int { 120 }

    public func inputLength(forLength length: Int) -> Int { length + 1 }
    /// The input here counts the delimiter row: T + 1 rows give T outputs.
    public func outputLength(forInputLength length: Int) -> Int { Swift.max(length - 1, 0) }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let rows = length + 1
        var input = [Float](repeating: 0, count: batchSize * rows * 9)
        var target = [Float](repeating: 0, count: batchSize * length * 8)
        var bits = RandomBits()
        for b in 0..<batchSize {
            for t in 0..<length {
                for k in 0..<8 {
                    let v = Float(bits.next(&rng))
                    input[(b * rows + t) * 9 + k] = v
                    target[(b * length + t) * 8 + k] = v
                }
            }
            input[(b * rows + length) * 9 + 8] = 1
        }
        return Batch(
            batchSize: batchSize, inputLength: rows, outputLength: length,
            input: .bitVectors(input, width: 9), target: .bitVectors(target, width: 8))
    }

    /// Everything before the first delimiter row, without the delimiter channel.
    public func solveBits(_ input: [[Float]]) -> [[Float]] {
        let end = input.firstIndex { $0[8] > 0.5 } ?? input.count
        return input[..<end].map { Array($0.prefix(8)) }
    }
}
