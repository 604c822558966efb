import Foundation
import ReckonSupport

/// The Chomsky tasks a `chomsky_source` can concatenate: those with binary inputs drawn uniformly
/// and binary outputs (the reference's `BINARY_TASKS` less compute_sqrt, whose inputs are not
/// uniform, so the optimal predictor below would not be optimal for it).
public enum ChomskySourceTask: String, SettingChoice {
    case evenPairs = "even_pairs", parityCheck = "parity_check", reverseString = "reverse_string"
    case duplicateString = "duplicate_string", oddsFirst = "odds_first"

    var task: any AlgorithmicTask {
        switch self {
        case .evenPairs: EvenPairs()
        case .parityCheck: ParityCheck()
        case .reverseString: ReverseString()
        case .duplicateString: DuplicateString()
        case .oddsFirst: OddsFirst()
        }
    }
}

/// `chomsky_source`: a Chomsky task as a sequence to predict (Grau-Moya et al. 2024,
/// `data/chomsky_data_generator.py`): examples of random input length 1 ... `max_input_length`
/// written one after another as input, `.`, output, `:`, and cut at the sequence's length.
/// The reference puts the two delimiters in the last two ids of the vocabulary, as here.
///
/// Its Bayes-optimal predictor is known: an input bit is uniform, the input's end comes after i
/// bits with probability 1/(max_input_length − i + 1) (0 before the first), and every symbol
/// from `.` to `:` is certain, given by the task's solver (`solve`, which shares no code with the
/// generator). Each sequence draws its own lengths (the reference draws one length per batch
/// and chunk; the distribution of each sequence is the same).
public struct ChomskySource: ConfigurableTask, SequencePrediction {
    /// The settings of `chomsky_source`.
    public struct Settings: SettingGroup {
        @Setting("task", "the Chomsky task whose examples make the sequence") public var task = ChomskySourceTask
            .parityCheck
        @Setting(
            "max_input_length", "longest input of an example (lengths are uniform from 1)", minimum: 1, maximum: 1000)
        public var maxInputLength = 10
        @Setting(
            "vocabulary", "ids a position can hold, at least 4: 0, 1, ..., then '.' and ':' last (0: 4)",
            minimum: 0, maximum: 256)
        public var vocabulary = 0

        public init() {}

        public func problem() -> String? {
            vocabulary != 0 && vocabulary < 4 ? "vocabulary (\(vocabulary)) must be at least 4, or 0 for 4" : nil
        }
    }

    public var settings = Settings()

    public init() {}

    public var name: String { "chomsky_source" }
    public var level: TaskLevel { .prediction }
    public var summary: String {
        "next symbol of concatenated \(settings.task.rawValue) examples, input . output : (Grau-Moya et al. 2024)"
    }
    public var lengthNote: String { "any length >= 1; examples are cut at the sequence's end" }

    var vocabulary: Int { settings.vocabulary == 0 ? 4 : settings.vocabulary }
    var inputEnd: Int { vocabulary - 2 }
    var exampleEnd: Int { vocabulary - 1 }

    public var inputSymbols: [String] { numberedSymbols(vocabulary - 2) + [".", ":"] }

    /// One sequence of `length` symbols.
    func drawSequence(length: Int, rng: inout RandomGenerator) -> [Int] {
        let task = settings.task.task
        var sequence: [Int] = []
        while sequence.count < length {
            let n = 1 + rng.nextInt(below: settings.maxInputLength)
            let example = task.sample(batchSize: 1, length: n, rng: &rng)
            sequence += example.inputRow(0) + [inputEnd] + example.targetRow(0) + [exampleEnd]
        }
        return Array(sequence.prefix(length))
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        batch(of: batchSize, length: length, rng: &rng) { drawSequence(length: length, rng: &$0) }
    }

    /// The bits of the optimal predictor: 1 bit per input symbol less its share of the end's
    /// probability, −log2 of the end's probability at `.`, 0 from there to `:` where the symbol is
    /// the solver's, and infinity where a sequence breaks the task's rules.
    public func optimalBits(_ sequence: [Int]) -> [Double]? {
        let task = settings.task.task
        let m = Double(settings.maxInputLength)
        var bits: [Double] = []
        bits.reserveCapacity(sequence.count)
        var input: [Int] = []
        var answer: [Int]? = nil
        var answered = 0
        for symbol in sequence {
            if let expected = answer {
                bits.append(expected[answered] == symbol ? 0 : .infinity)
                answered += 1
                if answered == expected.count {
                    answer = nil
                    input = []
                }
                continue
            }
            let i = Double(input.count)
            let end = input.isEmpty ? 0 : 1 / (m - i + 1)
            if symbol == inputEnd {
                bits.append(end > 0 ? -log2(end) : .infinity)
                answer = task.solve(input) + [exampleEnd]
                answered = 0
            } else if symbol <= 1 && input.count < settings.maxInputLength {
                bits.append(-log2((1 - end) / 2))
                input.append(symbol)
            } else {
                bits.append(.infinity)
            }
        }
        return bits
    }
}
