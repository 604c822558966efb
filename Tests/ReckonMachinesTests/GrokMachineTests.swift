import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// grok_transformer and grok_mlp (docs/reference/grokking-machines.md): the last-position
/// shortcut against a plain full-sequence computation, the reference's initialization scales,
/// gradients at every readout, and the shapes the Lab must refuse.
@Suite struct GrokMachineTests {
    static let tiny = ["d_model": "8", "num_heads": "2", "d_mlp": "8"]
    static let tinyMLP = ["embedding_dim": "4", "hidden_size": "8"]

    /// Every row `x y =` of x + y mod `modulus` (tokens 0 ..< modulus, "=" is `modulus`).
    static func additionTable(modulus p: Int) -> (input: Tensor, targets: [Int]) {
        let pairs = (0..<p).flatMap { x in (0..<p).map { y in (x, y) } }
        let input = MachineTestKit.oneHotBatch(pairs.map { [$0.0, $0.1, p] }, vocab: p + 1)
        return (input, pairs.map { ($0.0 + $0.1) % p })
    }

    static func evaluate(_ m: any Machine, _ x: Tensor, outputLength: Int) -> Tensor {
        m.withoutGradients {
            var ctx = ForwardContext.evaluation
            return m.logits(input: x, outputLength: outputLength, targets: nil, context: &ctx)
        }
    }

    /// The 1-layer model written out position by position from its parameters, as the reference's
    /// forward (transformers.py): embed + positions, causal softmax(q·k/√d_head) per head, W_O,
    /// residual, ReLU MLP, residual, unembed; the logits at every position [B·T·outputSize].
    static func plainLogits(_ m: any Machine, tokens: [[Int]], heads: Int) -> [Float] {
        let named = Dictionary(uniqueKeysWithValues: m.namedParameters().map { ($0.name, $0.tensor) })
        func w(_ n: String) -> (v: [Float], cols: Int) { (named[n]!.scalars, named[n]!.shape.last!) }
        let emb = w("embedding")
        let pos = w("positions")
        let (wq, wk, wv, wo) = (w("blocks.0.query"), w("blocks.0.key"), w("blocks.0.value"), w("blocks.0.output"))
        let (win, bin) = (w("blocks.0.mlpIn"), w("blocks.0.mlpInBias"))
        let (wout, bout) = (w("blocks.0.mlpOut"), w("blocks.0.mlpOutBias"))
        let wu = w("unembedding")
        let d = emb.cols
        let dh = d / heads
        func times(_ x: [Float], _ m: (v: [Float], cols: Int)) -> [Float] {
            (0..<m.cols).map { j in x.indices.reduce(Float(0)) { $0 + x[$1] * m.v[$1 * m.cols + j] } }
        }
        var out: [Float] = []
        for row in tokens {
            let x = row.enumerated().map { t, id in (0..<d).map { emb.v[id * d + $0] + pos.v[t * d + $0] } }
            let q = x.map { times($0, wq) }
            let k = x.map { times($0, wk) }
            let v = x.map { times($0, wv) }
            for i in row.indices {
                var z = [Float](repeating: 0, count: d)
                for h in 0..<heads {
                    let r = h * dh..<(h + 1) * dh
                    let scores = (0...i).map { j in
                        r.reduce(Float(0)) { $0 + q[i][$1] * k[j][$1] } / Float(dh).squareRoot()
                    }
                    let top = scores.max()!
                    let e = scores.map { Foundation.exp($0 - top) }
                    let total = e.reduce(0, +)
                    for j in 0...i { for c in r { z[c] += e[j] / total * v[j][c] } }
                }
                let attn = times(z, wo)
                let mid = (0..<d).map { x[i][$0] + attn[$0] }
                let hidden = zip(times(mid, win), bin.v).map { max(0, $0 + $1) }
                let mlp = times(hidden, wout)
                let resid = (0..<d).map { mid[$0] + mlp[$0] + bout.v[$0] }
                out += times(resid, wu)
            }
        }
        return out
    }

    @Test func lastPositionEqualsThePlainFullSequenceModel() throws {
        let m = try MachineTestKit.make("grok_transformer", inputSize: 5, outputSize: 4, Self.tiny, seed: 3)
        // Biases start at zero; give them values so the check sees them.
        var rng = RandomGenerator(seed: 11)
        for (name, box) in m.namedParameterBoxes() where name.hasSuffix("Bias") {
            box.value = Tensor.normal(box.value.shape, std: 0.3, rng: &rng).requiringGradient()
        }
        let tokens = [[0, 1, 4], [3, 2, 4], [2, 2, 1]]
        let x = MachineTestKit.oneHotBatch(tokens, vocab: 5)
        let plain = Self.plainLogits(m, tokens: tokens, heads: 2)
        let all = Self.evaluate(m, x, outputLength: 3)
        let last = Self.evaluate(m, x, outputLength: 1)
        #expect(last.shape == [3, 1, 4])
        var plainLast: [Float] = []
        for b in 0..<3 { plainLast += plain[(b * 3 + 2) * 4..<(b * 3 + 3) * 4] }
        let worst = zip(last.scalars, plainLast).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-4, "last position vs plain: \(worst)")
        let worstAll = zip(all.scalars, plain).map { abs($0 - $1) }.max()!
        #expect(worstAll < 1e-4, "every position vs plain: \(worstAll)")
        // Inputs that are not exactly one-hot take the product path instead of the lookup.
        let product = Self.evaluate(m, x * Tensor(scalar: 1 + 1e-6), outputLength: 1)
        #expect(TransformerMachineTests.maxDifference(product, last) < 1e-4)
    }

    /// Two pre-LN layers: the last block's one query gives the last row of the full computation.
    @Test func lastPositionEqualsFullSequenceWithLayerNorm() throws {
        let m = try MachineTestKit.make(
            "grok_transformer", inputSize: 5, outputSize: 4,
            Self.tiny.merging(["num_layers": "2", "layer_norm": "true"]) { $1 }, seed: 4)
        let x = MachineTestKit.oneHotBatch([[0, 1, 4], [3, 2, 4]], vocab: 5)
        let all = Self.evaluate(m, x, outputLength: 3)
        let last = Self.evaluate(m, x, outputLength: 1)
        let two = Self.evaluate(m, x, outputLength: 2)
        let worst = TransformerMachineTests.maxDifference(last, all.slice(axis: 1, 2..<3))
        #expect(worst < 1e-5)
        #expect(TransformerMachineTests.maxDifference(two, all.slice(axis: 1, 1..<3)) < 1e-5)
    }

    /// The reference's scales at Nanda et al.'s shapes (p = 113): W_E, W_pos, W_Q, W_K, W_V, W_O,
    /// W_in, W_out ~ N(0, 1/d_model); W_U ~ N(0, 1/inputSize); biases zero.
    @Test func initializationScales() throws {
        let m = try MachineTestKit.make("grok_transformer", inputSize: 114, outputSize: 113, [:])
        var expected: [String: Float] = ["unembedding": 1 / Float(114).squareRoot()]
        let blockWeights = ["query", "key", "value", "output", "mlpIn", "mlpOut"].map { "blocks.0." + $0 }
        for name in ["embedding", "positions"] + blockWeights {
            expected[name] = 1 / Float(128).squareRoot()
        }
        let named = m.namedParameters()
        #expect(Set(named.map(\.name)) == Set(expected.keys).union(["blocks.0.mlpInBias", "blocks.0.mlpOutBias"]))
        for (name, t) in named {
            let v = t.scalars
            let std = (v.map { $0 * $0 }.reduce(0, +) / Float(v.count)).squareRoot()
            guard let want = expected[name] else {
                #expect(std == 0, "\(name)")
                continue
            }
            // W_pos has 384 entries: its sample std is within ~4% (1 standard error) of the truth.
            #expect(abs(std / want - 1) < (name == "positions" ? 0.15 : 0.05), "\(name): std \(std), want \(want)")
        }
        let embedding = try #require(m as? any TokenEmbedding).tokenEmbedding
        #expect(embedding.shape == [114, 128])
    }

    /// Both paths: the first block's lookup (no LayerNorm) and the products (pre-LN, 2 layers).
    @Test(arguments: [1, 3], [false, true])
    func gradientCheckAtEveryReadout(outputLength: Int, layerNorm: Bool) throws {
        let m = try MachineTestKit.make(
            "grok_transformer", inputSize: 3, outputSize: 2,
            Self.tiny.merging(["num_layers": "2", "layer_norm": "\(layerNorm)"]) { $1 })
        let failures = MachineTestKit.gradientCheck(
            m, input: TransformerMachineTests.input(), outputLength: outputLength, epsilon: 1e-3,
            acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func concatenatedMLPGradientCheck() throws {
        let m = try MachineTestKit.make(
            "grok_mlp", inputSize: 3, outputSize: 2, Self.tinyMLP.merging(["concatenate": "true"]) { $1 })
        let failures = MachineTestKit.gradientCheck(
            m, input: TransformerMachineTests.input(), outputLength: 1, epsilon: 1e-3, acceptOneSided: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    /// grok_mlp reads x and y only: "=" (or anything after the operands) changes nothing.
    @Test func mlpReadsTheOperandsOnly() throws {
        let m = try MachineTestKit.make("grok_mlp", inputSize: 4, outputSize: 3, Self.tinyMLP)
        let a = Self.evaluate(m, MachineTestKit.oneHotBatch([[0, 2, 3]], vocab: 4), outputLength: 1)
        let b = Self.evaluate(m, MachineTestKit.oneHotBatch([[0, 2, 1]], vocab: 4), outputLength: 1)
        #expect(a.shape == [1, 1, 3])
        #expect(a.scalars == b.scalars)
        #expect(try #require(m as? any TokenEmbedding).tokenEmbedding.shape == [4, 4])
    }

    /// Shapes with no place in these machines are refused by their specs, before anything runs;
    /// an input longer than max_positions also by the footprint's tape limit the Lab checks today.
    @Test func refusedShapes() throws {
        let spec = try MachineCatalog.spec(named: "grok_transformer")
        let settings = try spec.resolve([:])
        func shape(_ input: Int, _ output: Int) -> FootprintShape {
            FootprintShape(inputSize: 114, outputSize: 113, inputLength: input, outputLength: output)
        }
        #expect(try spec.problem(settings, shape(3, 1)) == nil)
        #expect(try spec.problem(settings, shape(4, 1))?.contains("max_positions 3") == true)
        #expect(try spec.problem(settings, shape(2, 3)) != nil)
        #expect(try spec.footprint(settings, shape(3, 1)).longestTrainingTape == nil)
        let long = try spec.footprint(settings, shape(4, 1))
        #expect(long.longestTrainingTape == 3 && long.tapeLimitSetting == "max_positions")
        #expect(throws: SettingError.self) { try spec.resolve(["d_model": "10"]) }
        #expect(throws: SettingError.self) { try spec.resolve(["computation_steps_mult": "1"]) }
        let mlp = try MachineCatalog.spec(named: "grok_mlp")
        #expect(try mlp.problem(mlp.resolve([:]), shape(3, 1)) == nil)
        #expect(try mlp.problem(mlp.resolve([:]), shape(3, 2)) != nil)
        #expect(try mlp.problem(mlp.resolve([:]), shape(1, 1)) != nil)
    }

    /// The footprint counts every parameter the machine builds.
    @Test(arguments: [["layer_norm": "false"], ["num_layers": "2", "layer_norm": "true"]])
    func footprintCountsTheParameters(settings: [String: String]) throws {
        let spec = try MachineCatalog.spec(named: "grok_transformer")
        let m = try MachineTestKit.make("grok_transformer", inputSize: 114, outputSize: 113, settings)
        let built = m.namedParameters().map { Double($0.tensor.count) }.reduce(0, +)
        let shape = FootprintShape(inputSize: 114, outputSize: 113, inputLength: 3, outputLength: 1)
        #expect(try spec.footprint(spec.resolve(settings), shape).parameters == built)
        for concatenate in ["false", "true"] {
            let mlp = try MachineCatalog.spec(named: "grok_mlp")
            let s = ["concatenate": concatenate]
            let built = try MachineTestKit.make("grok_mlp", inputSize: 114, outputSize: 113, s).namedParameters()
                .map { Double($0.tensor.count) }.reduce(0, +)
            #expect(try mlp.footprint(mlp.resolve(s), shape).parameters == built)
        }
    }
}
