import ReckonSupport

/// sort (Vinyals et al. 2016, "Order Matters", §4.1): n numbers drawn U[0, 1); the answer is
/// their positions in ascending order of value (ties, which Float32 makes possible but rare,
/// go to the earlier position). Literature setup: one model per N = 5, 10, 15.
public struct Sort: PointerTask {
    public init() {}
    public var name: String { "sort" }
    public var summary: String { "the positions of the n numbers in ascending order of value" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "L numbers (any L >= 1), one value per input position" }
    public var inputSymbols: [String] { ["value"] }
    public var defaultTrainLength: Int { 10 }
    public var defaultEvalMaxLength: Int { 15 }
    public var metricNames: [String] { [] }

    public func outputLength(forInputLength length: Int) -> Int { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var values = [Float](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * length)
        for b in 0..<batchSize {
            for t in 0..<length { values[b * length + t] = rng.nextFloat() }
            let order = (0..<length).sorted { i, j in
                let x = values[b * length + i]
                let y = values[b * length + j]
                return x != y ? x < y : i < j
            }
            for (k, i) in order.enumerated() { target[b * length + k] = i }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .reals(values, width: 1), target: .pointers(target))
    }

    /// Ranks by counting (no sort): the value at position i goes to output slot
    /// #{j : v_j < v_i, or v_j == v_i and j < i}.
    public func solvePointers(_ input: [[Float]]) -> [Int] {
        let v = input.map { $0[0] }
        var answer = [Int](repeating: 0, count: v.count)
        for i in v.indices {
            let rank = v.indices.filter { j in v[j] < v[i] || (v[j] == v[i] && j < i) }.count
            answer[rank] = i
        }
        return answer
    }

    public func metrics(prediction: [Int], input: [[Float]]) -> [Double?] { [] }
}
