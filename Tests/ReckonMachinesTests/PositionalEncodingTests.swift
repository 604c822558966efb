import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// Positional encodings against hand-computed values and naive transcriptions of the
/// reference formulas (docs/reference/transformer.md).
@Suite struct PositionalEncodingTests {
    static func config(_ overrides: [String: String]) throws -> TransformerConfig {
        try TransformerConfig().applying(overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, owner: nil)
    }

    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    // MARK: sin/cos

    @Test func sinusoidAtPositionsZeroAndOne() {
        let t = PositionTables.sinusoid([0, 1], width: 4, maxTime: 10_000)
        // f = 10000^(−2k/4) = 1, 0.01; sines first, then cosines.
        #expect(t.shape == [2, 4])
        #expect(
            Self.close(t.scalars, [0, 0, 1, 1, Float(sin(1.0)), Float(sin(0.01)), Float(cos(1.0)), Float(cos(0.01))]))
    }

    @Test func embeddingPositionsPerEncoding() throws {
        var ctx = ForwardContext.evaluation
        // Chomsky's encoder numbers sin/cos positions from the end, starting at 1.
        #expect(
            try Self.config(["positional_encodings": "sin_cos"]).embeddingPositions(length: 4, context: &ctx) == [
                4, 3, 2, 1,
            ])
        // Learnt positions count from 0 and reuse the table's last row past its end.
        #expect(
            try Self.config(["positional_encodings": "learnt", "max_sequence_length": "3"])
                .embeddingPositions(length: 5, context: &ctx) == [0, 1, 2, 2, 2])
        for e in ["none", "rotary", "alibi", "relative", "noisy_rotary"] {
            #expect(try Self.config(["positional_encodings": e]).embeddingPositions(length: 4, context: &ctx).isEmpty)
        }
    }

    // MARK: RoPE

    @Test func rotaryTurnsEveryPairByPositionTimesFrequency() throws {
        var rng = RandomGenerator(seed: 0)
        let attention = MultiHeadAttention(
            try Self.config(["positional_encodings": "rotary", "embedding_dim": "8", "num_heads": "2"]),
            rng: &rng)
        // Unit vectors e_0 and e_3 at positions 0, 1, 5 (one head, width 4): f = 1, 0.01.
        var values = [Float](repeating: 0, count: 2 * 3 * 4)
        for p in 0..<3 {
            values[p * 4] = 1
            values[12 + p * 4 + 3] = 1
        }
        let x = Tensor(values, shape: [1, 2, 3, 4])
        let y = attention.rotate(x, [0, 1, 5]).scalars
        for (r, p) in [0.0, 1.0, 5.0].enumerated() {
            #expect(Self.close(Array(y[r * 4..<r * 4 + 4]), [Float(cos(p)), Float(sin(p)), 0, 0]))
            let a = p * 0.01  // e_3 is the second of pair 1: it turns to (−sin, cos).
            #expect(Self.close(Array(y[12 + r * 4..<12 + r * 4 + 4]), [0, 0, Float(-sin(a)), Float(cos(a))]))
        }
    }

    @Test func rotaryDotProductsDependOnlyOnTheOffset() throws {
        var rng = RandomGenerator(seed: 2)
        let attention = MultiHeadAttention(
            try Self.config(["positional_encodings": "rotary", "embedding_dim": "8", "num_heads": "1"]),
            rng: &rng)
        let q = Tensor.normal([1, 1, 1, 8], rng: &rng)
        let k = Tensor.normal([1, 1, 1, 8], rng: &rng)
        func dot(_ i: Int, _ j: Int) -> Float { (attention.rotate(q, [i]) * attention.rotate(k, [j])).sum().item }
        #expect(abs(dot(3, 1) - dot(10, 8)) < 1e-4 && abs(dot(0, 5) - dot(7, 12)) < 1e-4)
    }

    // MARK: ALiBi

    @Test func alibiSlopesAsTheOfficialImplementation() {
        #expect(PositionTables.alibiSlopes(heads: 8) == (1...8).map { pow(2, -Double($0)) })
        #expect(PositionTables.alibiSlopes(heads: 2) == [pow(2, -4), pow(2, -8)])
        // 6 heads: the 4-head slopes, then slopes 0 and 2 of the 8-head set.
        #expect(PositionTables.alibiSlopes(heads: 6) == [0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125])
    }

    @Test func alibiBiasesPerHead() {
        let slopes = PositionTables.alibiSlopes(heads: 8)
        let bias = PositionTables.alibi(slopes: slopes, queries: 4, keys: 5, distances: nil)
        #expect(bias.shape == [8, 4, 5])
        for h in 0..<8 {
            for i in 0..<4 {
                for j in 0..<5 {
                    // Past keys: slope·(j − i + ½); future keys: slope·(i − j).
                    let expected = slopes[h] * (j < i ? Double(j - i) + 0.5 : Double(i - j))
                    #expect(bias[[h, i, j]] == Float(expected))
                }
            }
        }
        let noisy = PositionTables.alibi(slopes: [1], queries: 3, keys: 3, distances: [0, 4, 9])
        #expect(noisy.scalars == [0, -4, -9, -3.5, 0, -4, -8.5, -3.5, 0])
    }

    // MARK: Relative

    @Test func relativeShiftMovesEveryRowIntoPlace() {
        // The reference's docstring: rows −3…2, attention length 3.
        let row: [Float] = [-3, -2, -1, 0, 1, 2]
        let x = Tensor(row + row + row, shape: [1, 1, 3, 6])
        #expect(MultiHeadAttention.relativeShift(x, keys: 3).scalars == [0, 1, 2, -1, 0, 1, -2, -1, 0])
        // In general out[i, j] = in[i, Lq − i + j], also for Lq ≠ Lk.
        let wide = Tensor((0..<(2 * 6)).map(Float.init), shape: [1, 1, 2, 6])
        #expect(MultiHeadAttention.relativeShift(wide, keys: 4).scalars == [2, 3, 4, 5, 7, 8, 9, 10])
    }

    /// The relative logits against a per-entry transcription of Transformer-XL's formula
    /// ((q_i + u)·k_j + (q_i + v)·W_R·PE(δ)) / √d, for the three offsets and a randomized map.
    @Test(arguments: [
        (3, 3, 0, false), (3, 3, 1, false), (2, 4, 3, false), (4, 2, -1, false), (3, 3, 0, true), (2, 4, 3, true),
    ])
    func relativeLogitsMatchTheFormula(lq: Int, lk: Int, shift: Int, randomized: Bool) throws {
        let config = try Self.config([
            "positional_encodings": "relative", "embedding_dim": "8", "num_heads": "2", "max_time": "100",
        ])
        var rng = RandomGenerator(seed: 8)
        let attention = MultiHeadAttention(config, rng: &rng)
        let x = Tensor.normal([2, lq, 8], rng: &rng)
        let m = Tensor.normal([2, lk, 8], rng: &rng)
        var p = AttentionPositions(
            shift: shift, queryPositions: Array(0..<lq), keyPositions: Array(0..<lk), distances: nil)
        if randomized { p.distances = [0, 3, 7, 8, 20, 33] }
        let logits = attention.logits(x, memory: m, positions: p, causal: false)
        let q = matmul(x, attention.query.weight).scalars
        let k = matmul(m, attention.key.weight).scalars
        let u = attention.relative!.contentBias.scalars
        let v = attention.relative!.positionBias.scalars
        let wr = attention.relative!.keys.weight
        for b in 0..<2 {
            for h in 0..<2 {
                for i in 0..<lq {
                    for j in 0..<lk {
                        let delta = i - j + shift
                        let position = randomized ? (delta < 0 ? -p.distances![-delta] : p.distances![delta]) : delta
                        let r = matmul(PositionTables.sinusoid([Double(position)], width: 8, maxTime: 100), wr).scalars
                        var s: Float = 0
                        for e in 0..<4 {
                            let qi = q[(b * lq + i) * 8 + h * 4 + e]
                            s +=
                                (qi + u[h * 4 + e]) * k[(b * lk + j) * 8 + h * 4 + e] + (qi + v[h * 4 + e])
                                * r[h * 4 + e]
                        }
                        #expect(abs(logits[[b, h, i, j]] - s / 2) < 1e-4, "b\(b) h\(h) i\(i) j\(j)")
                    }
                }
            }
        }
    }

    @Test func attentionOffsetsPerCall() throws {
        var ctx = ForwardContext.evaluation
        let c = try Self.config(["positional_encodings": "relative"])
        let p = c.attentionPositions(queries: 3, keys: 5, shift: 3, selfAttention: false, context: &ctx)
        #expect(
            p.distances == nil && p.mapped(-4) == -4 && p.queryPositions == [0, 1, 2]
                && p.keyPositions == [0, 1, 2, 3, 4])
    }

    // MARK: Randomized

    @Test func sortedSamplesAreDistinctOrderedAndReproducible() {
        for (count, limit) in [(1, 1), (5, 5), (7, 100), (40, 2048)] {
            var a = RandomGenerator(seed: 3)
            var b = RandomGenerator(seed: 3)
            let s = PositionTables.sortedSample(count, from: 0..<limit, rng: &a)
            #expect(
                s.count == count && zip(s, s.dropFirst()).allSatisfy { $0 < $1 } && s.first! >= 0 && s.last! < limit)
            #expect(s == PositionTables.sortedSample(count, from: 0..<limit, rng: &b))
        }
        var rng = RandomGenerator(seed: 4)
        // Every subset of size 2 of {0, 1, 2} shows up: the draw is not biased to a corner.
        let seen = Set((0..<200).map { _ in PositionTables.sortedSample(2, from: 0..<3, rng: &rng) })
        #expect(seen == [[0, 1], [0, 2], [1, 2]])
        let r = PositionTables.distances(upTo: 6, limit: 50, rng: &rng)
        #expect(r.count == 7 && r[0] == 0 && zip(r, r.dropFirst()).allSatisfy { $0 < $1 } && r.last! < 50)
    }

    @Test func noisyPositionsInTrainingAreSortedDrawsFromTheWholeRange() throws {
        let c = try Self.config(["positional_encodings": "noisy_sin_cos", "noise_max_length": "2048"])
        var ctx = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
        let a = c.embeddingPositions(length: 40, context: &ctx)
        let b = c.embeddingPositions(length: 40, context: &ctx)
        #expect(a != b && a != Array(0..<40))
        for s in [a, b] { #expect(zip(s, s.dropFirst()).allSatisfy { $0 < $1 } && s.first! >= 0 && s.last! < 2048) }
        let rotary = try Self.config(["positional_encodings": "noisy_rotary"])
        let selfAttention = rotary.attentionPositions(queries: 6, keys: 6, shift: 0, selfAttention: true, context: &ctx)
        #expect(
            selfAttention.queryPositions == selfAttention.keyPositions && selfAttention.queryPositions != Array(0..<6))
        let cross = rotary.attentionPositions(queries: 3, keys: 6, shift: 4, selfAttention: false, context: &ctx)
        #expect(cross.queryPositions.count == 3 && cross.keyPositions.count == 6)
        // Relative offsets on a [3, 6] map reach from 4 − 5 = −1 to 4 + 2 = 6.
        let relative = try Self.config(["positional_encodings": "noisy_relative"])
        let offsets = relative.attentionPositions(queries: 3, keys: 6, shift: 4, selfAttention: false, context: &ctx)
        #expect(offsets.distances?.count == 7)
    }

    /// With randomization off in evaluation, noisy_X is X with the same weights.
    @Test(arguments: ["rotary", "alibi", "relative", "learnt"])
    func deterministicNoisyEncodingEqualsItsBase(base: String) throws {
        let x = TransformerMachineTests.input(rows: 2, length: 4)
        let shared = [
            "embedding_dim": "8", "num_layers": "2", "num_heads": "2", "max_sequence_length": "64",
            "noise_max_length": "64",
        ]
        for name in ["transformer_encoder", "transformer"] {
            let plain = try MachineTestKit.make(
                name, inputSize: 3, outputSize: 2, shared.merging(["positional_encodings": base]) { $1 })
            let noisy = try MachineTestKit.make(
                name, inputSize: 3, outputSize: 2,
                shared.merging(
                    ["positional_encodings": "noisy_" + base, "randomize_in_evaluation": "false"]) { $1 })
            let a = TransformerMachineTests.evaluate(plain, x, outputLength: 3, seed: 1)
            let b = TransformerMachineTests.evaluate(noisy, x, outputLength: 3, seed: 2)
            #expect(a.scalars == b.scalars, "\(name)")
            // Randomized in evaluation (the default), the draws change the outputs, reproducibly per seed.
            let random = try MachineTestKit.make(
                name, inputSize: 3, outputSize: 2, shared.merging(["positional_encodings": "noisy_" + base]) { $1 })
            let c = TransformerMachineTests.evaluate(random, x, outputLength: 3, seed: 1)
            #expect(
                c.scalars != a.scalars
                    && c.scalars == TransformerMachineTests.evaluate(random, x, outputLength: 3, seed: 1).scalars,
                "\(name)")
        }
    }

    @Test func deterministicNoisySinCosCountsFromZero() throws {
        var ctx = ForwardContext.evaluation
        #expect(
            try Self.config(["positional_encodings": "noisy_sin_cos", "randomize_in_evaluation": "false"])
                .embeddingPositions(length: 4, context: &ctx) == [0, 1, 2, 3])
        ctx = ForwardContext(training: true, rng: RandomGenerator(seed: 0))
        #expect(
            try Self.config([
                "positional_encodings": "noisy_learnt", "randomize_in_evaluation": "false", "noise_max_length": "4",
            ])
            .embeddingPositions(length: 4, context: &ctx) == [0, 1, 2, 3])
    }
}
