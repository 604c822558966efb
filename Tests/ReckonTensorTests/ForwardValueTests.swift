import Foundation
import ReckonSupport
import Testing

@testable import ReckonTensor

/// Forward values against hand-computed numbers (or, for random shapes, a naive Double loop).
@Suite struct ForwardValueTests {
    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
    }

    /// Naive Double product of matrices stored row-major, with optional transposes.
    static func reference(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, tA: Bool, tB: Bool) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    s += Double(tA ? a[p * m + i] : a[i * k + p]) * Double(tB ? b[j * k + p] : b[p * n + j])
                }
                c[i * n + j] = Float(s)
            }
        }
        return c
    }

    @Test func matmulByHand() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = Tensor([7, 8, 9, 10, 11, 12], shape: [3, 2])
        #expect(matmul(a, b).shape == [2, 2])
        #expect(matmul(a, b).scalars == [58, 64, 139, 154])
        // aᵀ·a is [3, 3]; a·aᵀ is [2, 2].
        #expect(matmul(a, a, transposeA: true).scalars == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        #expect(matmul(a, a, transposeB: true).scalars == [14, 32, 32, 77])
        // (bᵀ)ᵀ... b stored transposed: bt = bᵀ [2, 3], and a·(bt)ᵀ = a·b.
        let bt = Tensor([7, 9, 11, 8, 10, 12], shape: [2, 3])
        #expect(matmul(a, bt, transposeB: true).scalars == [58, 64, 139, 154])
        // aᵀ stored as [3, 2]; (at)ᵀ·(bt)ᵀ = a·b.
        let at = Tensor([1, 4, 2, 5, 3, 6], shape: [3, 2])
        #expect(matmul(at, bt, transposeA: true, transposeB: true).scalars == [58, 64, 139, 154])
    }

    @Test func matmulBatchedAndShared() {
        var rng = RandomGenerator(seed: 11)
        let m = 3
        let k = 4
        let n = 5
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = Tensor.uniform([2, 2] + (ta ? [k, m] : [m, k]), low: -1, high: 1, rng: &rng)
            let b = Tensor.uniform([2, 2] + (tb ? [n, k] : [k, n]), low: -1, high: 1, rng: &rng)
            let shared = Tensor.uniform(tb ? [n, k] : [k, n], low: -1, high: 1, rng: &rng)
            let sharedA = Tensor.uniform(ta ? [k, m] : [m, k], low: -1, high: 1, rng: &rng)
            let both = matmul(a, b, transposeA: ta, transposeB: tb)
            let lhsBatched = matmul(a, shared, transposeA: ta, transposeB: tb)
            let rhsBatched = matmul(sharedA, b, transposeA: ta, transposeB: tb)
            #expect(
                both.shape == [2, 2, m, n] && lhsBatched.shape == [2, 2, m, n] && rhsBatched.shape == [2, 2, m, n])
            for i in 0..<4 {
                let ai = Array(a.scalars[(i * m * k)..<((i + 1) * m * k)])
                let bi = Array(b.scalars[(i * k * n)..<((i + 1) * k * n)])
                let out = (i * m * n)..<((i + 1) * m * n)
                #expect(Self.close(Array(both.scalars[out]), Self.reference(ai, bi, m: m, k: k, n: n, tA: ta, tB: tb)))
                #expect(
                    Self.close(
                        Array(lhsBatched.scalars[out]),
                        Self.reference(ai, shared.scalars, m: m, k: k, n: n, tA: ta, tB: tb)))
                #expect(
                    Self.close(
                        Array(rhsBatched.scalars[out]),
                        Self.reference(sharedA.scalars, bi, m: m, k: k, n: n, tA: ta, tB: tb)))
            }
        }
    }

    @Test func matmulEmptyInnerDimension() {
        let y = matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3]))
        #expect(y.shape == [2, 3] && y.scalars == [Float](repeating: 0, count: 6))
    }

    @Test func softmaxByHand() {
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096]
        #expect(Self.close(Tensor([1, 2, 3]).softmax().scalars, expected, tolerance: 1e-6))
        // Shifted far up or down: the same distribution, no overflow.
        #expect(Self.close(Tensor([1001, 1002, 1003]).softmax().scalars, expected, tolerance: 1e-6))
        #expect(Self.close(Tensor([-1003, -1002, -1001]).softmax().scalars, expected, tolerance: 1e-6))
        // Along axis 0 of a [3, 2] matrix.
        let y = Tensor([1, 0, 2, 0, 3, 0], shape: [3, 2]).softmax(axis: 0)
        #expect(
            Self.close(y.scalars, [expected[0], 1.0 / 3, expected[1], 1.0 / 3, expected[2], 1.0 / 3], tolerance: 1e-6))
        // logSoftmax = log of softmax, also for large inputs.
        let ls = Tensor([1001, 1002, 1003]).logSoftmax()
        #expect(Self.close(ls.scalars, expected.map { Float(Foundation.log(Double($0))) }, tolerance: 1e-5))
    }

    @Test func logSumExpIsStable() {
        let x = Tensor([1000, 1000, -1000, -1000, 1e4, 0, 0, -Float.infinity], shape: [4, 2])
        let y = x.logSumExp(axis: 1)
        #expect(y.shape == [4])
        #expect(Self.close(y.scalars, [1000 + Float(M_LN2), -1000 + Float(M_LN2), 1e4, 0], tolerance: 1e-6))
        #expect(x.logSumExp(axis: 1, keepDims: true).shape == [4, 1])
        // A fully masked row (-inf only) gives no NaN. FastMath.exp flushes its argument to
        // the normal range, so e^-inf is the smallest normal Float rather than 0: the
        // result is about -86.6 rather than -inf, and softmax of the row is uniform.
        let empty = Tensor([-Float.infinity, -Float.infinity]).logSumExp(axis: 0)
        #expect(!empty.item.isNaN && empty.item < -86)
        #expect(Tensor([-Float.infinity, -Float.infinity]).softmax().scalars == [0.5, 0.5])
        // A partly masked row: the masked entry gets (almost exactly) nothing.
        #expect(Self.close(Tensor([0, -Float.infinity]).softmax().scalars, [1, 0], tolerance: 1e-30))
        // Gradient is the softmax, even for huge inputs.
        let g = Tensor([1000, 1000]).requiringGradient()
        let dg = g.logSumExp(axis: 0).gradients(wrt: [g])[0]
        #expect(Self.close(dg.scalars, [0.5, 0.5], tolerance: 1e-6))
    }

    @Test func cumulativeProductWithZeros() {
        let x = Tensor([2, 0, 3, 4])
        #expect(x.cumulativeProduct(axis: 0).scalars == [2, 0, 0, 0])
        #expect(x.cumulativeProduct(axis: 0, exclusive: true).scalars == [1, 2, 0, 0])
        // d/dx of Σ y by hand: inclusive [1, 2 + 2·3 + 2·3·4, 0, 0], exclusive [1, 2 + 2·3, 0, 0].
        let leaf = x.requiringGradient()
        #expect(leaf.cumulativeProduct(axis: 0).sum().gradients(wrt: [leaf])[0].scalars == [1, 32, 0, 0])
        #expect(
            leaf.cumulativeProduct(axis: 0, exclusive: true).sum().gradients(wrt: [leaf])[0].scalars == [1, 8, 0, 0])
        // Two zeros: only the first element has a non-zero gradient (1 + x1 = 3).
        let two = Tensor([0, 2, 0, 3]).requiringGradient()
        #expect(two.cumulativeProduct(axis: 0).sum().gradients(wrt: [two])[0].scalars == [3, 0, 0, 0])
        // Along axis 0 of a matrix.
        let m = Tensor([1, 2, 0, 3, 4, 5], shape: [3, 2])
        #expect(m.cumulativeProduct(axis: 0).scalars == [1, 2, 0, 6, 0, 30])
        #expect(Tensor([1, 2, 3, 4]).cumulativeSum(axis: 0).scalars == [1, 3, 6, 10])
        #expect(Tensor([1, 2, 3, 4]).cumulativeSum(axis: 0, exclusive: true).scalars == [0, 1, 3, 6])
    }

    @Test func circularConvolutionShifts() {
        let x = Tensor([1, 2, 3, 4, 5])
        // Kernel entry j stands for offset j - 1: offset +1 moves values to higher indices.
        #expect(circularConvolution(x, Tensor([0, 0, 1])).scalars == [5, 1, 2, 3, 4])
        #expect(circularConvolution(x, Tensor([1, 0, 0])).scalars == [2, 3, 4, 5, 1])
        #expect(circularConvolution(x, Tensor([0, 1, 0])).scalars == [1, 2, 3, 4, 5])
        // Size 5: offsets -2...2.
        #expect(circularConvolution(x, Tensor([0, 0, 0, 0, 1])).scalars == [4, 5, 1, 2, 3])
        #expect(circularConvolution(x, Tensor([1, 0, 0, 0, 0])).scalars == [3, 4, 5, 1, 2])
        // A blur: half from each neighbour.
        #expect(circularConvolution(x, Tensor([0.5, 0, 0.5])).scalars == [3.5, 2, 3, 4, 2.5])
        // Batched, each row with its own kernel; a kernel longer than the signal wraps.
        let xs = Tensor([1, 2, 3, 10, 20, 30], shape: [2, 3])
        let ks = Tensor([0, 0, 0, 1, 0, 0, 0, 0, 0, 1], shape: [2, 5])
        #expect(circularConvolution(xs, ks).scalars == [3, 1, 2, 20, 30, 10])
    }

    @Test func layerNormByHand() {
        let x = Tensor([1, 2, 3, 4, 5, 5, 5, 5], shape: [2, 4])
        let y = layerNorm(x, scale: Tensor([1, 2, 1, 1]), offset: Tensor([0, 0, 1, 0]))
        // Row 1: mean 2.5, biased variance 1.25.
        let s = Float(1 / (1.25 + 1e-5).squareRoot())
        let expected: [Float] = [
            -1.5 * s, -0.5 * s * 2, 0.5 * s + 1, 1.5 * s,
            // Row 2 is constant: x̂ = 0, so y = offset.
            0, 0, 1, 0,
        ]
        #expect(Self.close(y.scalars, expected, tolerance: 1e-5))
        // Normalized rows have mean 0 and variance 1 (up to epsilon).
        var rng = RandomGenerator(seed: 3)
        let z = layerNorm(
            Tensor.normal([3, 64], mean: 10, std: 3, rng: &rng), scale: Tensor.ones([64]), offset: Tensor.zeros([64]))
        for r in 0..<3 {
            let row = z.scalars[(r * 64)..<((r + 1) * 64)].map(Double.init)
            let mean = row.reduce(0, +) / 64
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 64
            #expect(Swift.abs(mean) < 1e-5 && Swift.abs(variance - 1) < 1e-4)
        }
    }

    @Test func softmaxCrossEntropyWithWeightsAndMask() {
        let logits = Tensor([0, 0, 0, 2, 0, 0, 5, 5, 5], shape: [3, 3])
        let ce0 = Foundation.log(3.0)
        let ce1 = Foundation.log(1 + 2 * Foundation.exp(-2.0))
        // Default weights: the mean over rows.
        let mean = softmaxCrossEntropy(logits: logits, labels: [1, 0, 2]).item
        #expect(Swift.abs(Double(mean) - (ce0 + ce1 + ce0) / 3) < 1e-6)
        // Row 2 masked by weight 0, with label -1.
        let leaf = logits.requiringGradient()
        let weighted = softmaxCrossEntropy(logits: leaf, labels: [1, 0, -1], weights: [0.25, 0.75, 0])
        #expect(Swift.abs(Double(weighted.item) - (0.25 * ce0 + 0.75 * ce1)) < 1e-6)
        // Gradient: w · (softmax - onehot) per row, zero on the masked row.
        let g = weighted.gradients(wrt: [leaf])[0].scalars
        let p1 = Float(Foundation.exp(2.0) / (Foundation.exp(2.0) + 2))
        let q1 = (1 - p1) / 2
        let expected: [Float] = [
            0.25 / 3, 0.25 / 3 - 0.25, 0.25 / 3,
            0.75 * (p1 - 1), 0.75 * q1, 0.75 * q1,
            0, 0, 0,
        ]
        #expect(Self.close(g, expected, tolerance: 1e-6))
        // Huge logits stay finite.
        let huge = softmaxCrossEntropy(logits: Tensor([1e4, -1e4]).reshaped([1, 2]), labels: [1]).item
        #expect(Swift.abs(huge - 2e4) < 1)
    }

    @Test func binaryCrossEntropyWithWeights() {
        let logits = Tensor([0, 2, -3, 100, -100])
        let targets = Tensor([1, 0, 0.5, 1, 0])
        let terms: [Double] = [
            Foundation.log(2.0), 2 + Foundation.log1p(Foundation.exp(-2.0)),
            1.5 + Foundation.log1p(Foundation.exp(-3.0)), 0, 0,
        ]
        let mean = binaryCrossEntropyWithLogits(logits: logits, targets: targets).item
        #expect(Swift.abs(Double(mean) - terms.reduce(0, +) / 5) < 1e-6)
        let weighted = binaryCrossEntropyWithLogits(logits: logits, targets: targets, weights: [1, 0, 2, 1, 1]).item
        #expect(Swift.abs(Double(weighted) - (terms[0] + 2 * terms[2])) < 1e-5)
        // Huge logits: finite loss and gradient σ(x) - t.
        let leaf = Tensor([100, -100, 100]).requiringGradient()
        let loss = binaryCrossEntropyWithLogits(logits: leaf, targets: Tensor([1, 0, 0]))
        #expect(Swift.abs(loss.item - 100.0 / 3) < 1e-4)
        #expect(Self.close(loss.gradients(wrt: [leaf])[0].scalars, [0, 0, 1.0 / 3], tolerance: 1e-6))
    }

    @Test func maximumAndMinimumTiesGoToFirstInput() {
        let a = Tensor([1, 2, 3]).requiringGradient()
        let b = Tensor([1, 5, 0]).requiringGradient()
        let gMax = maximum(a, b).sum().gradients(wrt: [a, b])
        #expect(maximum(a, b).scalars == [1, 5, 3])
        #expect(gMax[0].scalars == [1, 0, 1] && gMax[1].scalars == [0, 1, 0])
        let gMin = minimum(a, b).sum().gradients(wrt: [a, b])
        #expect(minimum(a, b).scalars == [1, 2, 0])
        #expect(gMin[0].scalars == [1, 1, 0] && gMin[1].scalars == [0, 0, 1])
    }

    @Test func reductionsAndLayoutByHand() {
        let x = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(x.sum(axis: 0).scalars == [5, 7, 9])
        #expect(x.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(x.sum().shape == [] && x.sum().item == 21)
        #expect(x.mean(axis: 1).scalars == [2, 5])
        #expect(Tensor([3, 9, 1, 4, 0, 8], shape: [2, 3]).max(axis: 1).scalars == [9, 8])
        #expect(x.transposed().scalars == [1, 4, 2, 5, 3, 6])
        #expect(x.permuted([1, 0]).scalars == [1, 4, 2, 5, 3, 6])
        #expect(x.slice(axis: 1, 1..<3).scalars == [2, 3, 5, 6])
        #expect(x.padded(axis: 0, before: 1, after: 0, value: -1).scalars == [-1, -1, -1, 1, 2, 3, 4, 5, 6])
        #expect(concat([x, Tensor([7, 8], shape: [2, 1])], axis: 1).scalars == [1, 2, 3, 7, 4, 5, 6, 8])
        #expect(stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1).scalars == [1, 3, 2, 4])
        #expect(x.split(sizes: [1, 2], axis: 1).map(\.scalars) == [[1, 4], [2, 3, 5, 6]])
        #expect(x.gather(axis: 1, indices: [2, 2, 0, 1], indexShape: [2, 2]).scalars == [3, 3, 4, 5])
        #expect(x.indexSelect(axis: 0, [1, 1, 0]).scalars == [4, 5, 6, 4, 5, 6, 1, 2, 3])
        #expect(embedding(x.transposed(), ids: [2, 0], idShape: [2]).scalars == [3, 6, 1, 4])
        #expect(select(Tensor([1, 0, 1]), x, Tensor(scalar: -1)).scalars == [1, -1, 3, 4, -1, 6])
        #expect(Tensor([3, 1], shape: [2, 1]).broadcast(to: [2, 2]).scalars == [3, 3, 1, 1])
        #expect(outer(Tensor([1, 2]), Tensor([3, 4, 5])).scalars == [3, 4, 5, 6, 8, 10])
    }
}
