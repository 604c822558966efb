import Foundation
import ReckonSupport
import Testing

@testable import ReckonTasks

/// The prediction sources (`markov_source`, `brainphoque`, `chomsky_source`) and their rulers:
/// Context Tree Weighting against a brute-force Bayesian mixture and its regret bound, the
/// BrainPhoque interpreter on hand-written programs, the Chomsky source's optimal predictor on a
/// sequence worked by hand, and the prefix property the Lab's one-pass evaluation relies on.
@Suite struct PredictionTaskTests {
    /// A context tree for the brute force: a leaf, or one subtree per symbol.
    indirect enum Tree {
        case leaf
        case split([Tree])
    }

    /// Every tree of depth at most `depth` over `k` symbols with its CTW prior (ln): a node above
    /// the maximum depth is a leaf or splits, each with probability 1/2.
    static func trees(depth: Int, k: Int) -> [(tree: Tree, logPrior: Double)] {
        if depth == 0 { return [(.leaf, 0)] }
        var result: [(Tree, Double)] = [(.leaf, log(0.5))]
        var children: [([Tree], Double)] = [([], 0)]
        for _ in 0..<k {
            children = children.flatMap { partial in
                trees(depth: depth - 1, k: k).map { (partial.0 + [$0.tree], partial.1 + $0.logPrior) }
            }
        }
        result += children.map { (.split($0.0), log(0.5) + $0.1) }
        return result
    }

    /// ln P(sequence | tree) with a KT estimator at each leaf, contexts padded with 0.
    static func logLikelihood(_ sequence: [Int], tree: Tree, depth: Int, k: Int) -> Double {
        var counts: [String: [Double]] = [:]
        var total = 0.0
        for (t, symbol) in sequence.enumerated() {
            let context = (1...Swift.max(depth, 1)).map { t - $0 >= 0 ? sequence[t - $0] : 0 }
            var node = tree
            var path = ""
            var d = 0
            while case .split(let children) = node {
                node = children[context[d]]
                path += String(context[d])
                d += 1
            }
            var c = counts[path] ?? [Double](repeating: 0, count: k)
            let n = c.reduce(0, +)
            total += log((c[symbol] + 0.5) / (n + 0.5 * Double(k)))
            c[symbol] += 1
            counts[path] = c
        }
        return total
    }

    static func logSumExp(_ xs: [Double]) -> Double {
        let m = xs.max()!
        return m + log(xs.reduce(0) { $0 + exp($1 - m) })
    }

    @Test(arguments: [(0, 2), (1, 2), (2, 2), (3, 2), (1, 3), (2, 3)])
    func ctwIsTheBayesianMixtureOverEveryTree(depth: Int, k: Int) {
        var rng = RandomGenerator(seed: UInt64(10 * depth + k))
        for _ in 0..<4 {
            // Skewed sequences, so some trees fit far better than others.
            let sequence = (0..<40).map { _ in rng.nextDouble() < 0.7 ? 0 : rng.nextInt(below: k) }
            let mixture = Self.logSumExp(
                Self.trees(depth: depth, k: k).map {
                    $0.logPrior + Self.logLikelihood(sequence, tree: $0.tree, depth: depth, k: k)
                })
            var ctw = ContextTreeWeighting(depth: depth, alphabetSize: k)
            for s in sequence { ctw.update(s) }
            #expect(
                abs(ctw.logProbability - mixture) < 1e-9, "depth \(depth), k \(k): \(ctw.logProbability) vs \(mixture)")
        }
        #expect(Self.trees(depth: 3, k: 2).count == 26)
    }

    /// Code lengths (bits) the reference's `models/ctw.py` gives (`CTWPredictor(depth, batched_update=True)`,
    /// `update(..., return_only_marginals=True)`, commit d938e63), on NumPy-drawn sequences: its
    /// conditional form with clipped log β agrees with the exact mixture wherever the clip is not reached.
    @Test(arguments: [
        (0, "11110010100101010111111111001111101110011111101110010111101111111110111010111001", 72.72947457862307),
        (3, "11110010100101010111111111001111101110011111101110010111101111111110111010111001", 73.21356216464602),
        (5, "11110010100101010111111111001111101110011111101110010111101111111110111010111001", 73.37917561247062),
        (3, "01101000100010001000110011101011010101011101110111110111010111011010101111100101", 82.73629924709469),
        (5, "01101000100010001000110011101011010101011101110111110111010111011010101111100101", 81.75171275436384),
        (5, "11100110011011001000011101101111110110011111110110111011010001110111110110111010", 78.84447818029541),
    ])
    func ctwMatchesTheReferenceImplementation(depth: Int, bits: String, reference: Double) {
        let sequence = bits.map { $0 == "1" ? 1 : 0 }
        let total = ContextTreeWeighting.bits(of: sequence, depth: depth, alphabetSize: 2).reduce(0, +)
        #expect(abs(total - reference) < 1e-6, "depth \(depth): \(total) vs \(reference)")
    }

    @Test func ctwPredictsADistributionConsistentWithItsUpdates() {
        var rng = RandomGenerator(seed: 3)
        var ctw = ContextTreeWeighting(depth: 4, alphabetSize: 3)
        for _ in 0..<200 {
            let logs = ctw.logDistribution()
            #expect(abs(logs.reduce(0) { $0 + exp($1) } - 1) < 1e-12)
            let s = rng.nextInt(below: 3)
            let before = ctw.logProbability
            ctw.update(s)
            #expect(abs((ctw.logProbability - before) - logs[s]) < 1e-12)
        }
    }

    /// Willems, Shtarkov & Tjalkens 1995, Theorem 2: on any sequence, CTW of depth D pays at most
    /// Γ_D(S) + |S|·γ(n/|S|) bits more than the tree source S with its true parameters, where
    /// Γ_D(S) = 2|S| − 1 − |{leaves at depth D}| and γ(z) = z for z < 1, ½·log2 z + 1 otherwise.
    @Test(arguments: [3, 4, 6])
    func ctwRegretIsWithinTheBoundOnAFixedTreeSource(depth: Int) {
        // Leaves by context, most recent symbol first: "1" (θ = 0.9), "00" (θ = 0.2), "01" (θ = 0.6),
        // where θ is P(next = 1).
        func theta(_ recent: Int, _ before: Int) -> Double { recent == 1 ? 0.9 : (before == 0 ? 0.2 : 0.6) }
        let leaves = 3.0
        let atMaxDepth = depth == 2 ? 2.0 : 0
        for seed in 0..<5 {
            var rng = RandomGenerator(seed: UInt64(seed))
            var sequence: [Int] = []
            var sourceBits = 0.0
            for t in 0..<2000 {
                let recent = t >= 1 ? sequence[t - 1] : 0
                let before = t >= 2 ? sequence[t - 2] : 0
                let p = theta(recent, before)
                let s = rng.nextDouble() < p ? 1 : 0
                sourceBits -= log2(s == 1 ? p : 1 - p)
                sequence.append(s)
            }
            let ctwBits = ContextTreeWeighting.bits(of: sequence, depth: depth, alphabetSize: 2).reduce(0, +)
            let n = Double(sequence.count)
            let bound = (2 * leaves - 1 - atMaxDepth) + leaves * (0.5 * log2(n / leaves) + 1)
            #expect(ctwBits - sourceBits <= bound, "depth \(depth), seed \(seed): regret \(ctwBits - sourceBits)")
            #expect(ctwBits - sourceBits > -bound)
        }
    }

    // MARK: BrainPhoque

    static let machine = BrainPhoque(alphabetSize: 4, memorySize: 3, maximumSteps: 200)

    @Test func aCountdownLoopPrintsAndHalts() {
        let run = Self.machine.run("+++[.-]", maxOutputLength: 100)
        #expect(run.output == [3, 2, 1])
        #expect(run.status == .halted)
        #expect(run.program == "+++[.-]")
    }

    @Test func aCounterWrapsAroundTheAlphabet() {
        let run = Self.machine.run("+[.+]", maxOutputLength: 100)
        #expect(run.output == [1, 2, 3])
        #expect(run.status == .halted)
    }

    @Test func aLoopThatNeverEndsIsCutByTheStepBudget() {
        let run = Self.machine.run("+[]", maxOutputLength: 100)
        #expect(run.output.isEmpty)
        #expect(run.status == .timeout)
        #expect(run.steps == 200)
    }

    @Test func printingForeverStopsAtTheOutputLimit() {
        let run = Self.machine.run("+[.]", maxOutputLength: 5)
        #expect(run.output == [1, 1, 1, 1, 1])
        #expect(run.status == .outputLimit)
    }

    /// An opening bracket met with a zero cell is a `{`: the instructions after it are its
    /// continuation, and its unmatched `]` is skipped.
    @Test func aBlockEnteredWithZeroIsWrittenTheOtherWayRound() {
        let run = Self.machine.run("[+].", maxOutputLength: 100)
        #expect(run.program == "{+].")
        #expect(run.output == [1])
        #expect(run.status == .halted)
    }

    /// Sampled as it runs: the body of a `{` is drawn at the end of the program when it is first entered.
    @Test func aSkippedBlocksBodyIsDrawnAtTheEndWhenEntered() {
        // Drawn in order: [ (cell 0: {), + (continuation), [ ... the program asks again only at its end.
        var drawn = Array("[+.>").map { BrainPhoque.Instruction(rawValue: $0)! }.makeIterator()
        let run = Self.machine.run(maxOutputLength: 10, input: { 0 }) { _ in drawn.next() }
        #expect(run.program == "{+.>")
        #expect(run.output == [1])
        #expect(run.status == .halted)
    }

    /// Three cells: left of cell 0 is cell 2, right of cell 2 is cell 0.
    @Test func theTapeWrapsAround() {
        let run = Self.machine.run("<+.>.>>.", maxOutputLength: 10)
        #expect(run.output == [1, 0, 1])
    }

    @Test func theInputInstructionReadsItsSymbols() {
        var inputs = [2, 3].makeIterator()
        let run = Self.machine.run(",.,.", maxOutputLength: 10, input: { inputs.next()! })
        #expect(run.output == [2, 3])
    }

    // MARK: sources

    static let sources: [any SequencePrediction] = {
        var markov = VariableOrderMarkovSource()
        markov.settings.maxDepth = 3
        var utm = BrainPhoqueSource()
        utm.settings.programLength = 0
        var utmMarkov = BrainPhoqueSource()
        utmMarkov.settings.sampler = .markov
        var chomsky = ChomskySource()
        chomsky.settings.task = .reverseString
        return [markov, VariableOrderMarkovSource(), BrainPhoqueSource(), utm, utmMarkov, chomsky, ChomskySource()]
    }()

    /// One pass at the longest length scores every shorter one (`PredictionHead`): a prefix of a
    /// sampled sequence must be what sampling its own length gives.
    @Test(arguments: 0..<7)
    func everyPrefixIsASampleOfItsLength(_ i: Int) {
        let source = Self.sources[i]
        var long = RandomGenerator(seed: 11)
        var short = RandomGenerator(seed: 11)
        let a = source.sample(batchSize: 6, length: 120, rng: &long)
        let b = source.sample(batchSize: 6, length: 45, rng: &short)
        for e in 0..<6 {
            #expect(Array(a.inputRow(e).prefix(45)) == b.inputRow(e), "\(source.name) #\(e)")
            #expect(Array(a.maskRow(e).prefix(45)) == b.maskRow(e))
        }
    }

    @Test(arguments: 0..<7)
    func samplingIsReproducibleFromTheSeed(_ i: Int) {
        let source = Self.sources[i]
        var r1 = RandomGenerator(seed: 5)
        var r2 = RandomGenerator(seed: 5)
        var r3 = RandomGenerator(seed: 6)
        let a = source.sample(batchSize: 8, length: 64, rng: &r1)
        #expect(a == source.sample(batchSize: 8, length: 64, rng: &r2))
        #expect(a != source.sample(batchSize: 8, length: 64, rng: &r3))
    }

    /// max_input_length 2, parity: "1 . 1 :" then "0 1 . 1 :". A first input bit is 1 bit; after one
    /// bit the end comes with probability 1/2 (so "." costs 1 bit and a second bit 2); after two it is
    /// certain; every answer symbol is certain.
    @Test func theChomskySourcesOptimalPredictorByHand() throws {
        let source = try #require(
            try TaskCatalog.task(named: "chomsky_source", settings: ["max_input_length": "2"]) as? ChomskySource)
        let ids = try source.encodeInput(["1", ".", "1", ":", "0", "1", ".", "1", ":"])
        #expect(source.optimalBits(ids) == [1, 1, 0, 0, 1, 2, 0, 0, 0])
        let wrong = try source.encodeInput(["1", ".", "0"])
        #expect(source.optimalBits(wrong)?.last == .infinity)
    }

    /// The optimal predictor finds every sampled symbol possible: for chomsky_source this is the
    /// task's solver agreeing with its generator on every answer.
    @Test(arguments: 0..<7)
    func theOptimalPredictorAllowsEverySampledSequence(_ i: Int) {
        let source = Self.sources[i]
        var rng = RandomGenerator(seed: 9)
        let batch = source.sample(batchSize: 16, length: 200, rng: &rng)
        for e in 0..<16 {
            guard let bits = source.optimalBits(batch.inputRow(e)) else {
                #expect(source.name == "brainphoque")
                continue
            }
            let finite = bits.allSatisfy { $0.isFinite }
            #expect(finite, "\(source.name) #\(e)")
        }
    }

    /// The CTW source's data is what CTW predicts best: on average it pays fewer bits than a
    /// uniform guess, and the reference's sizes hold (binary, a tree per sequence).
    @Test func markovSequencesAreCompressible() {
        let source = VariableOrderMarkovSource()
        var rng = RandomGenerator(seed: 2)
        let batch = source.sample(batchSize: 32, length: 256, rng: &rng)
        let bits = (0..<32).flatMap { source.optimalBits(batch.inputRow($0))! }
        let mean = bits.reduce(0, +) / Double(bits.count)
        #expect(mean < 0.9 && mean > 0.2, "\(mean)")
        #expect(batch.input.ids.allSatisfy { $0 == 0 || $0 == 1 })
    }

    @Test func settingsThatCannotHoldTheirSymbolsAreRefused() {
        #expect(throws: SettingError.self) {
            try TaskCatalog.task(named: "markov_source", settings: ["symbols": "3", "vocabulary": "2"])
        }
        #expect(throws: SettingError.self) {
            try TaskCatalog.task(named: "brainphoque", settings: ["alphabet_size": "9", "vocabulary": "4"])
        }
        #expect(throws: SettingError.self) {
            try TaskCatalog.task(named: "chomsky_source", settings: ["vocabulary": "3"])
        }
    }
}
