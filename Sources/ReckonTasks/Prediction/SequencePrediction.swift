import Foundation
import ReckonSupport

/// A source of sequences to predict symbol by symbol (Grau-Moya et al. 2024, "Learning Universal
/// Predictors"): the machine sees the sequence shifted right by one position behind a start
/// symbol and gives, at every position, a distribution over the next symbol; the score is the
/// log-loss in bits, and the regret is its excess over the source's Bayes-optimal predictor.
///
/// A batch's input and target are the same sequence of symbols (the Lab's `PredictionHead`
/// does the shift); its mask is 0 where the source has nothing to predict (a BrainPhoque program
/// that stopped printing), which counts neither in the loss nor in the scores. Every prefix of a
/// sampled sequence is distributed as a sample of its own length (each sequence draws from its
/// own stream), so one pass at the longest length measures every length.
public protocol SequencePrediction: AlgorithmicTask {
    /// The bits the source's Bayes-optimal predictor pays for each symbol of `sequence`
    /// (−log2 P(x_t | x_<t)), or nil when none is known (a universal machine's outputs).
    func optimalBits(_ sequence: [Int]) -> [Double]?
}

extension SequencePrediction {
    public var outputKind: TaskOutputKind { .prediction }
    public var outputsAtEachInput: Bool { true }
    public var outputSymbols: [String] { inputSymbols }
    public var outputLengthRule: String { "L" }
    public var acceptsEveryInput: Bool { false }
    public func outputLength(forInputLength length: Int) -> Int { length }
    /// The target is the sequence itself: position t is predicted from the positions before it.
    public func solve(_ input: [Int]) -> [Int] { input }
    /// Grau-Moya et al. train on sequences of 256 symbols.
    public var defaultTrainLength: Int { 256 }
    /// Four times the training length, as the length-generalization plots of the paper.
    public var defaultEvalMaxLength: Int { 1024 }
    /// A uniform guess among the vocabulary.
    public var chanceAccuracy: Double? { 1 / Double(Swift.max(inputSize, 1)) }

    /// A batch of `batchSize` sequences, each drawn by `draw` from its own split of `rng` (so a
    /// prefix of a sequence is what a shorter length draws).
    func batch(
        of batchSize: Int, length: Int, rng: inout RandomGenerator, draw: (inout RandomGenerator) -> [Int]
    ) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let sequences = (0..<batchSize).map { _ in
            var own = rng.split()
            return draw(&own)
        }
        return batch(sequences, length: length)
    }

    /// `sequences` (one per example, all of `length`) and their masks as a batch whose input and
    /// target are the sequences.
    func batch(_ sequences: [[Int]], masks: [[Float]]? = nil, length: Int) -> Batch {
        let ids = sequences.flatMap { $0 }
        return Batch(
            batchSize: sequences.count, inputLength: length, outputLength: length, input: .tokens(ids),
            target: .tokens(ids), mask: masks.map { $0.flatMap { $0 } })
    }
}

/// Symbol names of a vocabulary of `count` ids: digits 0 ... count−1.
func numberedSymbols(_ count: Int) -> [String] { (0..<count).map(String.init) }
