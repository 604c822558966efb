import ReckonSupport

/// A task over a finite table (x ∘ y mod p, a group's multiplication): every example is one of
/// the table's entries, and a fixed fraction of them is all training ever sees (Power et al. 2022,
/// Nanda et al. 2023). The input is `x y =` and the answer one token read at the last position.
///
/// The Lab trains on `split.train` (full batch or epochs of minibatches) and evaluates on
/// `split.test`, the held-out entries: such a task has no length axis.
public protocol FiniteTableTask: AlgorithmicTask {
    /// The number of entries of the table (p² for x + y mod p, p(p − 1) for x / y).
    var entryCount: Int { get }
    /// The input token ids of entry `i` (0 ≤ i < entryCount): x, y and the `=` token.
    func input(ofEntry i: Int) -> [Int]
    /// The answer of entry `i` by the generator's own arithmetic (`solve` is independent of it).
    func answer(ofEntry i: Int) -> Int
    /// Which entries train and which are held out, drawn from the task's `train_fraction` and
    /// `split_seed` settings.
    var split: TableSplit { get }
    /// The p of Z_p whose Fourier basis reads the embedding of tokens 0 … p − 1 (Nanda et al.'s
    /// analysis of x + y mod p), or nil where that basis means nothing (a permutation group).
    var fourierModulus: Int? { get }
}

extension FiniteTableTask {
    /// Every table task reads `x y =` and answers one class.
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String { "inputs are always x y = (3 tokens): a table has no length axis" }
    public func outputLength(forInputLength length: Int) -> Int { 1 }
    public func inputLength(forLength length: Int) -> Int { 3 }
    public var defaultTrainLength: Int { 3 }
    public var defaultEvalMaxLength: Int { 3 }
    public var fourierModulus: Int? { nil }

    /// A batch of the given entries, in that order.
    public func batch(entries: some Collection<Int>) -> Batch {
        var input: [Int] = []
        input.reserveCapacity(entries.count * 3)
        var target: [Int] = []
        target.reserveCapacity(entries.count)
        for i in entries {
            input += self.input(ofEntry: i)
            target.append(answer(ofEntry: i))
        }
        return Batch(
            batchSize: entries.count, inputLength: 3, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    /// `batchSize` training entries drawn uniformly with replacement (`reckon sample`, and any caller
    /// of the generic interface; the Lab's training walks the split itself). `length` is ignored.
    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let train = split.train
        return batch(entries: (0..<batchSize).map { _ in train[rng.nextInt(below: train.count)] })
    }
}
