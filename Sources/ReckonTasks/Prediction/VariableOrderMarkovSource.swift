import ReckonSupport

/// `markov_source`: variable-order Markov sequences (Grau-Moya et al. 2024's "CTW" data,
/// `data/ctw_data_generator.py`). Each sequence draws its own context tree: a node above depth
/// `max_depth` splits into one child per symbol with probability 1/2, and each leaf draws its
/// next-symbol distribution from Dirichlet(1/2, ..., 1/2) (Beta(1/2, 1/2) for two symbols, the
/// reference's `_BETA_PARAM`). A symbol is drawn from the leaf its context reaches, the context
/// read most recent symbol first and padded with 0 before the sequence starts.
///
/// The Bayes-optimal predictor of this prior is Context Tree Weighting at depth `max_depth` with
/// KT leaves (`ContextTreeWeighting`), the ruler the regret is measured against. The reference
/// generator builds each tree's keys by appending a child's symbol but looks contexts up by
/// their suffix, so its first split is on the oldest symbol of the context rather than the
/// newest and some leaves are never reached; Reckon draws the tree the CTW prior describes, for
/// which CTW is exactly optimal (docs/reference/universal-prediction.md).
public struct VariableOrderMarkovSource: ConfigurableTask, SequencePrediction {
    /// The settings of `markov_source`.
    public struct Settings: SettingGroup {
        @Setting(
            "max_depth", "deepest context a tree may split to (the reference's max_depth)", minimum: 0, maximum: 24)
        public var maxDepth = 5
        @Setting("symbols", "symbols the source emits (2: binary, as the reference)", minimum: 2, maximum: 16)
        public var symbols = 2
        @Setting(
            "vocabulary",
            "ids a position can hold, at least symbols (0: symbols); a wider vocabulary lets a "
                + "machine trained on another source be scored here", minimum: 0, maximum: 256)
        public var vocabulary = 0

        public init() {}

        public func problem() -> String? {
            vocabulary != 0 && vocabulary < symbols
                ? "vocabulary (\(vocabulary)) must be at least symbols (\(symbols)), or 0 for the same" : nil
        }
    }

    public var settings = Settings()

    public init() {}

    public var name: String { "markov_source" }
    public var level: TaskLevel { .prediction }
    public var summary: String {
        "next symbol of a variable-order Markov source, a random context tree of depth <= \(settings.maxDepth) each"
    }
    public var lengthNote: String { "any length >= 1; the regret is against CTW of depth max_depth" }
    public var inputSymbols: [String] {
        numberedSymbols(settings.vocabulary == 0 ? settings.symbols : settings.vocabulary)
    }

    /// A context tree: a leaf's distribution, or one child per symbol.
    indirect enum ContextTree {
        case leaf([Double])
        case split([ContextTree])

        /// The distribution at the leaf `context` (most recent symbol first) reaches.
        func distribution(after context: ArraySlice<Int>) -> [Double] {
            switch self {
            case .leaf(let p): return p
            case .split(let children): return children[context.first!].distribution(after: context.dropFirst())
            }
        }
    }

    /// A tree from the prior: split with probability 1/2 above `maxDepth`, Dirichlet(1/2) leaves.
    func drawTree(level: Int = 0, rng: inout RandomGenerator) -> ContextTree {
        if level < settings.maxDepth && rng.nextBool() {
            return .split((0..<settings.symbols).map { _ in drawTree(level: level + 1, rng: &rng) })
        }
        // Gamma(1/2) is Z²/2 for a standard normal Z; normalized Gammas are a Dirichlet draw.
        let gammas = (0..<settings.symbols).map { _ -> Double in
            let z = rng.nextNormal()
            return z * z
        }
        let total = gammas.reduce(0, +)
        return .leaf(total > 0 ? gammas.map { $0 / total } : gammas.map { _ in 1 / Double(settings.symbols) })
    }

    /// One sequence of `length` symbols from a fresh tree.
    func drawSequence(length: Int, rng: inout RandomGenerator) -> [Int] {
        let tree = drawTree(rng: &rng)
        var context = [Int](repeating: 0, count: settings.maxDepth)
        var sequence: [Int] = []
        sequence.reserveCapacity(length)
        for _ in 0..<length {
            let symbol = rng.index(weights: tree.distribution(after: context[...]))
            sequence.append(symbol)
            if !context.isEmpty {
                context.removeLast()
                context.insert(symbol, at: 0)
            }
        }
        return sequence
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        batch(of: batchSize, length: length, rng: &rng) { drawSequence(length: length, rng: &$0) }
    }

    public func optimalBits(_ sequence: [Int]) -> [Double]? {
        ContextTreeWeighting.bits(of: sequence, depth: settings.maxDepth, alphabetSize: settings.symbols)
    }
}
