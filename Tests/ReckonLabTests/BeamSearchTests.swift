import ReckonLab
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Beam search: width 1 is greedy decoding, and a width that keeps every prefix finds the most
/// probable answer of all (a narrower beam has no such guarantee, even against greedy).
@Suite struct BeamSearchTests {
    static func machine(_ name: String, seed: UInt64 = 1) throws -> any Machine {
        let spec = try MachineCatalog.spec(named: name)
        var rng = RandomGenerator(seed: seed)
        return spec.make(
            inputSize: 1, outputSize: 3, settings: try spec.resolve(["hidden_size": "6"]), rng: &rng)
    }

    static let head = PointerHead(Sort())

    static func batch(n: Int = 3, size: Int = 6) throws -> EncodedBatch {
        var rng = RandomGenerator(seed: 4)
        return head.encode(Sort().sample(batchSize: size, length: n, rng: &rng), length: n)
    }

    /// Σ_t log p(y_t | y_<t, x) of each example's answer `ys`, from one teacher-forced pass.
    static func logProbability(_ m: any Machine, _ batch: EncodedBatch, _ ys: [Int]) -> [Double] {
        m.withoutGradients {
            var ctx = ForwardContext.evaluation
            let targets = oneHot(ys, idShape: [batch.batchSize, batch.outputLength], depth: batch.outputSize)
            let logits = m.logits(input: batch.input, outputLength: batch.outputLength, targets: targets, context: &ctx)
            let lp = PointerHead.logits(logits, classes: batch.outputSize).logSoftmax(axis: -1).scalars
            let c = batch.outputSize
            let t = batch.outputLength
            return (0..<batch.batchSize).map { b in
                (0..<t).reduce(0.0) { $0 + Double(lp[(b * t + $1) * c + ys[b * t + $1]]) }
            }
        }
    }

    static func answers(_ scores: Tensor) -> [Int] {
        let c = scores.shape[2]
        let v = scores.scalars
        return (0..<(v.count / c)).map { r in (0..<c).max { v[r * c + $0] < v[r * c + $1] }! }
    }

    @Test(arguments: ["pointer_net", "seq2seq_attention"])
    func widthOneIsGreedy(_ name: String) throws {
        let m = try Self.machine(name)
        let batch = try Self.batch()
        let (greedy, beam) = m.withoutGradients {
            var ctx = ForwardContext.evaluation
            let greedy = m.logits(input: batch.input, outputLength: batch.outputLength, targets: nil, context: &ctx)
            return (
                PointerHead.logits(greedy, classes: 3),
                BeamSearch.decode(m, batch: batch, head: Self.head, width: 1, context: &ctx)
            )
        }
        #expect(Self.answers(greedy) == Self.answers(beam))
    }

    /// With 3 positions and 3 steps a beam of 9 keeps every prefix, so it finds the best of all
    /// 27 answers, which brute force confirms; a beam of 2 still answers something of its own.
    @Test(arguments: ["pointer_net", "seq2seq_lstm"])
    func wideBeamFindsTheMostProbableAnswer(_ name: String) throws {
        let m = try Self.machine(name, seed: 7)
        let batch = try Self.batch()
        let all = (0..<27).map { [$0 / 9, ($0 / 3) % 3, $0 % 3] }
        var best = [Double](repeating: -.infinity, count: batch.batchSize)
        for answer in all {
            let lp = Self.logProbability(m, batch, Array((0..<batch.batchSize).map { _ in answer }.joined()))
            for b in best.indices { best[b] = max(best[b], lp[b]) }
        }
        let (greedy, narrow, wide) = m.withoutGradients {
            var ctx = ForwardContext.evaluation
            let g = m.logits(input: batch.input, outputLength: 3, targets: nil, context: &ctx)
            return (
                Self.answers(PointerHead.logits(g, classes: 3)),
                Self.answers(BeamSearch.decode(m, batch: batch, head: Self.head, width: 2, context: &ctx)),
                Self.answers(BeamSearch.decode(m, batch: batch, head: Self.head, width: 9, context: &ctx))
            )
        }
        let (g, n2, w9) = (
            Self.logProbability(m, batch, greedy), Self.logProbability(m, batch, narrow),
            Self.logProbability(m, batch, wide)
        )
        for b in 0..<batch.batchSize {
            #expect(abs(w9[b] - best[b]) < 1e-4, "example \(b): beam \(w9[b]) best \(best[b])")
            #expect(w9[b] >= g[b] - 1e-4 && n2[b] <= best[b] + 1e-4)
        }
    }

    /// With an end position, a finished beam is never extended: its answer repeats the end after
    /// choosing it, and a width that keeps every prefix finds the best answer scored through its
    /// first end only (brute force over the 27 answers of 3 steps and 3 positions, end = 1).
    @Test func finishedBeamsRepeatTheEndAtNoCost() throws {
        let m = try Self.machine("pointer_net", seed: 5)
        let batch = try Self.batch()
        let ended = m.withoutGradients {
            var ctx = ForwardContext.evaluation
            return Self.answers(BeamSearch.decode(m, batch: batch, head: Self.head, width: 9, end: 1, context: &ctx))
        }
        func finished(_ answer: [Int]) -> [Int] {
            guard let k = answer.firstIndex(of: 1) else { return answer }
            return Array(answer[...k]) + [Int](repeating: 1, count: answer.count - k - 1)
        }
        var best = [Double](repeating: -.infinity, count: batch.batchSize)
        var bestAnswer = [[Int]](repeating: [], count: batch.batchSize)
        for answer in (0..<27).map({ [$0 / 9, ($0 / 3) % 3, $0 % 3] }) where finished(answer) == answer {
            let counted = answer.firstIndex(of: 1).map { $0 + 1 } ?? 3
            let steps = Self.stepLogProbabilities(m, batch, Array((0..<batch.batchSize).map { _ in answer }.joined()))
            for b in 0..<batch.batchSize {
                let score = steps[b].prefix(counted).reduce(0, +)
                if score > best[b] {
                    best[b] = score
                    bestAnswer[b] = answer
                }
            }
        }
        for b in 0..<batch.batchSize {
            let row = Array(ended[(b * 3)..<(b * 3 + 3)])
            #expect(finished(row) == row)
            #expect(row == bestAnswer[b], "example \(b)")
        }
    }

    /// log p(y_t | y_<t, x) of every step of each example's answer.
    static func stepLogProbabilities(_ m: any Machine, _ batch: EncodedBatch, _ ys: [Int]) -> [[Double]] {
        m.withoutGradients {
            var ctx = ForwardContext.evaluation
            let targets = oneHot(ys, idShape: [batch.batchSize, batch.outputLength], depth: batch.outputSize)
            let logits = m.logits(input: batch.input, outputLength: batch.outputLength, targets: targets, context: &ctx)
            let lp = PointerHead.logits(logits, classes: batch.outputSize).logSoftmax(axis: -1).scalars
            let c = batch.outputSize
            let t = batch.outputLength
            return (0..<batch.batchSize).map { b in (0..<t).map { Double(lp[(b * t + $0) * c + ys[b * t + $0]]) } }
        }
    }
}
