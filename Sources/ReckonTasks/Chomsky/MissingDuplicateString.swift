import ReckonSupport

/// missing_duplicate_string: in `ww` with one symbol replaced by `?`, which bit is missing?
public struct MissingDuplicateString: AlgorithmicTask {
    static let missing = 2, padding = 3

    public init() {}
    public var name: String { "missing_duplicate_string" }
    public var level: TaskLevel { .contextSensitive }
    public var summary: String { "the bit hidden by ? in a binary string written twice (ww)" }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String {
        "any length >= 1; odd lengths end with one padding _; length 1 is the reference's placeholder (input 1, "
            + "answer 1)"
    }
    public var inputSymbols: [String] { ["0", "1", "?", "_"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        // Length 1 has no room for a duplicated string; the reference sets input and class to 1.
        guard length >= 2 else {
            let ones = [Int](repeating: 1, count: batchSize)
            return Batch(
                batchSize: batchSize, inputLength: 1, outputLength: 1, input: .tokens(ones), target: .tokens(ones))
        }
        let half = length / 2
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * length
            for t in 0..<half {
                let bit = bits.next(&rng)
                input[row + t] = bit
                input[row + half + t] = bit
            }
            let hidden = rng.nextInt(below: 2 * half)
            target[b] = input[row + hidden]
            input[row + hidden] = Self.missing
            if length % 2 == 1 { input[row + length - 1] = Self.padding }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        guard let hole = input.firstIndex(of: Self.missing) else {
            precondition(input == [1], "only the length-1 placeholder lacks a ?")
            return [1]
        }
        let half = input.filter { $0 != Self.padding }.count / 2
        // The same position in the other copy holds the hidden bit.
        let twin = hole < half ? hole + half : hole - half
        return [input[twin]]
    }
}
