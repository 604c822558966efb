import ReckonSupport

/// priority_sort (Graves et al. 2014, §4.5): L random 8-bit vectors, each with a scalar
/// priority; the target is the highest-priority vectors, highest first.
///
/// Input: L + 1 rows of 10 channels — rows 0..<L carry bits in channels 0...7 and the
/// priority p in channel 8; row L is the delimiter (channel 9 = 1). Priorities are levels
/// q uniform in 0...255 mapped to p = q / 127.5 − 1 ∈ [−1, 1] (the paper draws p uniformly
/// in [−1, 1]; levels make ties possible, so ties go to the earlier vector). Target: the
/// L − ⌊L/5⌋ highest-priority vectors in descending priority (the paper's 20 → 16, scaled
/// with L). In `solve`'s integer view the priority channel holds the level q.
/// Literature setup: train at 20 (here 1...20), evaluate up to 40.
public struct PrioritySort: BitVectorTask {
    public init() {}
    public var name: String { "priority_sort" }
    public var level: TaskLevel { .memory }
    public var summary: String { "the L - floor(L/5) highest-priority 8-bit vectors, highest priority first" }
    public var outputLengthRule: String { "L - floor(L/5)" }
    public var lengthNote: String { "L vectors (any L >= 1); the input has L + 1 rows (delimiter last)" }
    public var inputSymbols: [String] { (0..<8).map { "b\($0)" } + ["priority", "delimiter"] }
    public var outputSymbols: [String] { (0..<8).map { "b\($0)" } }
    public var defaultTrainLength: Int { 20 }
    public var defaultEvalMaxLength: Int { 40 }

    public func inputLength(forLength length: Int) -> Int { length + 1 }
    public func outputLength(forInputLength length: Int) -> Int {
        let n = Swift.max(length - 1, 0)
        return n - n / 5
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let rows = length + 1
        let outRows = length - length / 5
        var input = [Float](repeating: 0, count: batchSize * rows * 10)
        var target = [Float](repeating: 0, count: batchSize * outRows * 8)
        var bits = RandomBits()
        for b in 0..<batchSize {
            var levels = [Int](repeating: 0, count: length)
            for t in 0..<length {
                for k in 0..<8 { input[(b * rows + t) * 10 + k] = Float(bits.next(&rng)) }
                levels[t] = rng.nextInt(below: 256)
                input[(b * rows + t) * 10 + 8] = Float(levels[t]) / 127.5 - 1
            }
            input[(b * rows + length) * 10 + 9] = 1
            // Selection: take the highest remaining level each time (first one on ties).
            var taken = [Bool](repeating: false, count: length)
            for r in 0..<outRows {
                var best = -1
                for t in 0..<length where !taken[t] && (best < 0 || levels[t] > levels[best]) { best = t }
                taken[best] = true
                for k in 0..<8 { target[(b * outRows + r) * 8 + k] = input[(b * rows + best) * 10 + k] }
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: rows, outputLength: outRows,
            input: .bitVectors(input, width: 10), target: .bitVectors(target, width: 8))
    }

    /// A stable sort by descending priority, keeping the first L − ⌊L/5⌋.
    public func solveBits(_ input: [[Float]]) -> [[Float]] {
        let end = input.firstIndex { $0[9] > 0.5 } ?? input.count
        let vectors = Array(input[..<end])
        let order = vectors.indices.sorted { a, b in
            vectors[a][8] != vectors[b][8] ? vectors[a][8] > vectors[b][8] : a < b
        }
        return order.prefix(end - end / 5).map { Array(vectors[$0].prefix(8)) }
    }
}
