import ReckonSupport

/// associative_recall (Graves et al. 2014, §4.3): k items of 3 random 6-bit vectors; shown one
/// of them again, the target is the item that followed it.
///
/// Input: 4k + 5 rows of 8 channels — each item is a delimiter row (channel 6 = 1) and its
/// 3 vectors (bits in channels 0...5); then the query delimiter (channel 7 = 1), the query
/// item's 3 vectors, and the query delimiter again. The query is item i, i uniform in
/// 0..<k−1; items of one example are distinct. Target: item i + 1 (3 rows of 6 bits).
/// L = k ≥ 2. Literature setup: train on 2...6 items, evaluate up to 20 (the paper's curves go
/// to 20 items).
public struct AssociativeRecall: BitVectorTask {
    public init() {}
    public var name: String { "associative_recall" }
    public var level: TaskLevel { .memory }
    public var summary: String { "the item (3 six-bit vectors) that followed the query item" }
    public var outputLengthRule: String { "3" }
    public var lengthNote: String { "L items, L >= 2; the input has 4L + 5 rows" }
    public var inputSymbols: [String] { (0..<6).map { "b\($0)" } + ["item", "query"] }
    public var outputSymbols: [String] { (0..<6).map { "b\($0)" } }
    public var defaultTrainLength: Int { 6 }
    public var defaultEvalMaxLength: Int { 20 }

    public func validate(length: Int) throws {
        guard length >= 2, length <= maximumTaskLength else {
            throw TaskError.invalidLength(task: name, length: length, valid: "2...\(maximumTaskLength)")
        }
    }
    public func inputLength(forLength length: Int) -> Int { 4 * length + 5 }
    public func outputLength(forInputLength length: Int) -> Int { 3 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let rows = 4 * length + 5
        var input = [Float](repeating: 0, count: batchSize * rows * 8)
        var target = [Float](repeating: 0, count: batchSize * 3 * 6)
        for b in 0..<batchSize {
            // An item is 18 bits; draw distinct ones so the recall is well defined.
            var items: [Int] = []
            var seen = Set<Int>()
            while items.count < length {
                let code = rng.nextInt(below: 1 << 18)
                if seen.insert(code).inserted { items.append(code) }
            }
            func put(_ code: Int, at row: Int) {
                for v in 0..<3 {
                    for k in 0..<6 { input[((b * rows) + row + v) * 8 + k] = Float((code >> (v * 6 + k)) & 1) }
                }
            }
            for (i, code) in items.enumerated() {
                input[(b * rows + 4 * i) * 8 + 6] = 1
                put(code, at: 4 * i + 1)
            }
            let query = rng.nextInt(below: length - 1)
            input[(b * rows + 4 * length) * 8 + 7] = 1
            put(items[query], at: 4 * length + 1)
            input[(b * rows + 4 * length + 4) * 8 + 7] = 1
            for v in 0..<3 {
                for k in 0..<6 { target[(b * 3 + v) * 6 + k] = Float((items[query + 1] >> (v * 6 + k)) & 1) }
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: rows, outputLength: 3,
            input: .bitVectors(input, width: 8), target: .bitVectors(target, width: 6))
    }

    /// Splits the rows at the delimiters, finds the item equal to the query, returns the next one.
    public func solveBits(_ input: [[Float]]) -> [[Float]] {
        var items: [[[Float]]] = []
        var query: [[Float]] = []
        var inQuery = false
        for row in input {
            let bits = Array(row.prefix(6))
            if row[7] > 0.5 {
                if inQuery { break }
                inQuery = true
                continue
            }
            if row[6] > 0.5 {
                items.append([])
                continue
            }
            if inQuery { query.append(bits) } else if !items.isEmpty { items[items.count - 1].append(bits) }
        }
        guard let i = items.firstIndex(of: query), i + 1 < items.count else { return [] }
        return items[i + 1]
    }
}
