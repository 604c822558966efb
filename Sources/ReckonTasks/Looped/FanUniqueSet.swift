import ReckonSupport

/// fan_unique_set (Fan et al. 2025; released code's task `dict`): n values drawn uniformly from
/// 0..<`vocabulary` (50 in the paper), repeats allowed; the target is the distinct values in
/// order of first occurrence, then `eos` up to n positions.
///
/// The paper's row is `v1 ... vn = pad ...` with the set read from `=` on, and its loss and exact
/// match cover the EOS positions after the set too; Reckon's readout appends the n blank answer
/// positions itself (the longest set has n values). Every position is in the mask, as in the
/// paper. T(n) = n loop iterations.
public struct FanUniqueSet: ConfigurableTask {
    /// The settings of `fan_unique_set`.
    public struct Settings: SettingGroup {
        // The input is one-hot over the vocabulary: the bound only stops a typo from allocating gigabytes.
        @Setting("vocabulary", "values 0 ... vocabulary - 1 in the input (the paper's 50)", minimum: 1, maximum: 10_000)
        public var vocabulary = 50

        public init() {}
    }

    public var settings = Settings()
    /// Number of distinct values.
    public var vocabulary: Int { settings.vocabulary }

    public init() {}

    public var name: String { "fan_unique_set" }
    public var level: TaskLevel { .adaptive }
    public var summary: String {
        "the distinct values among n, in order of first occurrence, then eos padding (Fan et al. 2025)"
    }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "n = values, any n >= 1, each in 0...\(vocabulary - 1) (vocabulary)" }
    public var inputSymbols: [String] { (0..<vocabulary).map(String.init) }
    public var outputSymbols: [String] { (0..<vocabulary).map(String.init) + ["eos"] }
    /// The paper's metric is exact match of the whole answer.
    public var reportsExactMatch: Bool { true }
    /// The released code's curriculum ends at c = 20, so n ≤ 19.
    public var defaultTrainLength: Int { 19 }
    /// Looped models run n iterations over 2n positions, so long evaluations are expensive.
    public var defaultEvalMaxLength: Int { 50 }

    var eos: Int { vocabulary }

    public func outputLength(forInputLength length: Int) -> Int { length }
    /// The released code supervises the output after n applications of the block (`train.py`).
    public func iterations(forLength length: Int) -> Int? { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: eos, count: batchSize * length)
        // seen[v] == b + 1 when example b has drawn v: no clearing between examples.
        var seen = [Int](repeating: 0, count: vocabulary)
        for b in 0..<batchSize {
            var k = 0
            for t in 0..<length {
                let v = rng.nextInt(below: vocabulary)
                input[b * length + t] = v
                if seen[v] != b + 1 {
                    seen[v] = b + 1
                    target[b * length + k] = v
                    k += 1
                }
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .tokens(input), target: .tokens(target))
    }

    /// Each value kept when no earlier position holds it, then `eos` up to n.
    public func solve(_ input: [Int]) -> [Int] {
        let kept = input.indices.filter { i in !input[..<i].contains(input[i]) }.map { input[$0] }
        return kept + [Int](repeating: eos, count: input.count - kept.count)
    }
}
