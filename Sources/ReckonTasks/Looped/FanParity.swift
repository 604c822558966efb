import ReckonSupport

/// fan_parity (Fan, Du, Ramchandran & Lee 2025, "Looped Transformers for Length Generalization";
/// their released `generate_training_data.py`, task `parity`): n uniform bits; the target is their
/// sum mod 2.
///
/// The paper's row is `b1 ... bn = pad ...` with the answer read at `=`; Reckon's readout appends
/// the blank answer position itself, so the input is the n bits. The paper's trailing EOS targets
/// fill a row whose length is set by the curriculum (c + 1 − n in training, 2 at test), not by
/// the answer, so they are left out: the target is the one parity token. T(n) = n loop iterations.
public struct FanParity: AlgorithmicTask {
    public init() {}
    public var name: String { "fan_parity" }
    public var level: TaskLevel { .adaptive }
    public var summary: String { "parity of n bits, Fan et al. 2025's format (T(n) = n)" }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String { "n = bits, any n >= 1" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }
    /// The paper's metric is exact match of the whole answer.
    public var reportsExactMatch: Bool { true }
    /// The released code's curriculum ends at c = 21, so n ≤ 20.
    public var defaultTrainLength: Int { 20 }
    /// The target range for the headline claim: every length 21–100.
    public var defaultEvalMaxLength: Int { 100 }

    public func outputLength(forInputLength length: Int) -> Int { 1 }
    /// The released code supervises the output after n applications of the block (`train.py`).
    public func iterations(forLength length: Int) -> Int? { length }

    /// Uniform bits and their parity: the Chomsky benchmark's parity_check draws exactly these, so
    /// its generator and its solver serve here (the same batches for the same stream).
    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        ParityCheck().sample(batchSize: batchSize, length: length, rng: &rng)
    }

    public func solve(_ input: [Int]) -> [Int] { ParityCheck().solve(input) }
}
