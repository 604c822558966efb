import ReckonSupport

/// repeat_copy (Graves et al. 2014, §4.2): T random 8-bit vectors and a repeat count n; the
/// target is the T vectors n times, then an end marker.
///
/// Input: T + 1 rows of 10 channels — rows 0..<T carry bits in channels 0...7; row T is the
/// delimiter (channel 8 = 1) and carries n / maxRepeats in channel 9 (the paper's "scalar on a
/// separate channel", normalized here to (0, 1]). n is uniform in 1...maxRepeats per example.
/// Target: maxRepeats · T + 1 rows of 9 channels so every example of a batch has the same
/// length — rows 0..<n·T are the copies (channel 8 = 0), row n·T has only channel 8 = 1 (the
/// end marker), later rows are zero. The mask is 1 through the end marker, 0 after (bit errors
/// still count the zero padding). Literature setup (paper): T = 1...10 and n = 1...10 in
/// training; default evaluation up to T = 20 with the same n range.
public struct RepeatCopy: BitVectorTask {
    /// Largest repeat count (the paper's 10).
    public let maxRepeats: Int
    public init(maxRepeats: Int = 10) {
        precondition(maxRepeats >= 1, "maxRepeats must be >= 1")
        self.maxRepeats = maxRepeats
    }
    public var name: String { "repeat_copy" }
    public var level: TaskLevel { .memory }
    public var summary: String { "the 8-bit input vectors repeated n times (n given in a channel), then an end marker" }
    public var outputLengthRule: String { "\(maxRepeats)·L + 1" }
    public var lengthNote: String { "L vectors (any L >= 1), repeats 1...\(maxRepeats); the input has L + 1 rows" }
    public var inputSymbols: [String] { (0..<8).map { "b\($0)" } + ["delimiter", "repeats"] }
    public var outputSymbols: [String] { (0..<8).map { "b\($0)" } + ["end"] }
    public var defaultTrainLength: Int { 10 }
    public var defaultEvalMaxLength: Int { 20 }

    public func inputLength(forLength length: Int) -> Int { length + 1 }
    public func outputLength(forInputLength length: Int) -> Int { maxRepeats * Swift.max(length - 1, 0) + 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let rows = length + 1
        let outRows = maxRepeats * length + 1
        var input = [Float](repeating: 0, count: batchSize * rows * 10)
        var target = [Float](repeating: 0, count: batchSize * outRows * 9)
        var mask = [Float](repeating: 0, count: batchSize * outRows)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let repeats = rng.nextInt(in: 1...maxRepeats)
            for t in 0..<length {
                for k in 0..<8 {
                    let v = Float(bits.next(&rng))
                    input[(b * rows + t) * 10 + k] = v
                    for r in 0..<repeats { target[(b * outRows + r * length + t) * 9 + k] = v }
                }
            }
            input[(b * rows + length) * 10 + 8] = 1
            input[(b * rows + length) * 10 + 9] = Float(repeats) / Float(maxRepeats)
            target[(b * outRows + repeats * length) * 9 + 8] = 1
            for r in 0...(repeats * length) { mask[b * outRows + r] = 1 }
        }
        return Batch(
            batchSize: batchSize, inputLength: rows, outputLength: outRows,
            input: .bitVectors(input, width: 10), target: .bitVectors(target, width: 9), mask: mask)
    }

    public func solveBits(_ input: [[Float]]) -> [[Float]] {
        guard let end = input.firstIndex(where: { $0[8] > 0.5 }) else { return [] }
        let repeats = Int((input[end][9] * Float(maxRepeats)).rounded())
        let vectors = input[..<end].map { Array($0.prefix(8)) + [0] }
        var out = Array(Array(repeating: vectors, count: repeats).joined())
        out.append([Float](repeating: 0, count: 8) + [1])
        let total = maxRepeats * end + 1
        out += Array(repeating: [Float](repeating: 0, count: 9), count: total - out.count)
        return out
    }
}
