import Foundation
import ReckonSupport
import Testing

@testable import ReckonTensor

/// Properties of the gradient graph itself, independent of any one op.
@Suite struct AutodiffTests {
    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
    }

    @Test func reusedTensorAccumulatesItsGradient() {
        let values: [Float] = [-1.5, 0, 2, 3]
        let x = Tensor(values).requiringGradient()
        // x appears three times: twice in one node, once in another.
        let g = (x * x + x).sum().gradients(wrt: [x])[0]
        #expect(g.scalars == values.map { 2 * $0 + 1 })
        // A diamond: a feeds both sides of b, and x feeds a and c.
        let a = x * 2
        let loss = ((a + a) * x).sum()
        #expect(loss.gradients(wrt: [x])[0].scalars == values.map { 8 * $0 })
        // Reuse across a broadcast: y = x[None] + x[:, None] summed is 2·n per element.
        let y = x.reshaped([1, 4]) + x.reshaped([4, 1])
        #expect(y.sum().gradients(wrt: [x])[0].scalars == [8, 8, 8, 8])
    }

    @Test func plainTensorsRecordNothing() {
        var rng = RandomGenerator(seed: 1)
        let a = Tensor.uniform([2, 3], rng: &rng)
        let b = Tensor.uniform([3, 2], rng: &rng)
        let results: [Tensor] = [
            a + a, a * 2, (a / 3).exp(), a.tanh().sigmoid(), matmul(a, b), a.softmax(), a.sum(), a.mean(axis: 0),
            a.transposed(), a.reshaped([6]), concat([a, a], axis: 0), stack([a, a]), a.split(parts: 3, axis: 1)[0],
            layerNorm(a, scale: Tensor.ones([3]), offset: Tensor.zeros([3])),
            softmaxCrossEntropy(logits: a, labels: [0, 1]), a.cumulativeProduct(axis: 1),
            a.gather(axis: 0, indices: [1, 0, 1], indexShape: [1, 3]),
            lstmCell(
                x: a, h: Tensor.zeros([2, 1]), c: Tensor.zeros([2, 1]), wx: Tensor.zeros([3, 4]),
                wh: Tensor.zeros([1, 4]), b: Tensor.zeros([4])
            ).h,
        ]
        for (i, r) in results.enumerated() { #expect(!r.requiresGradient, "result \(i) has a node") }
        // One leaf among plain inputs is enough to record; detaching and writing drop the link.
        let leaf = a.requiringGradient()
        #expect(
            (leaf + a).requiresGradient && (a * leaf).requiresGradient && concat([a, leaf], axis: 0).requiresGradient)
        #expect(!(leaf * 2).detached.requiresGradient)
        var written = leaf * 2
        written[[0, 0]] = 7
        #expect(!written.requiresGradient)
        // Gradients of a plain scalar are zeros.
        #expect(a.sum().gradients(wrt: [leaf])[0].scalars == [Float](repeating: 0, count: 6))
    }

    @Test func gradientOfAnIntermediateTensor() {
        let x = Tensor([1, -2, 3]).requiringGradient()
        let y = x * 3
        let z = (y * y).sum()
        let g = z.gradients(wrt: [y, x])
        #expect(g[0].scalars == [6, -12, 18])  // dz/dy = 2y
        #expect(g[1].scalars == [18, -36, 54])  // dz/dx = 18x
        // An intermediate that is one output of a multi-output op, and one that is unused.
        let parts = x.split(sizes: [1, 2], axis: 0)
        let w = (parts[1] * parts[1]).sum()
        let gp = w.gradients(wrt: [parts[1], parts[0], x])
        #expect(gp[0].scalars == [-4, 6] && gp[1].scalars == [0] && gp[2].scalars == [0, -4, 6])
        // The root itself.
        #expect(z.gradients(wrt: [z])[0].item == 1)
        // A tensor of another graph gets zeros.
        let other = Tensor([1, 2, 3]).requiringGradient()
        #expect(z.gradients(wrt: [other])[0].scalars == [0, 0, 0])
    }

    @Test func interleavedGraphsAreIndependent() {
        // Two "models" built step by step in alternation, as two trainers in one process would.
        var p = Tensor([1, 2]).requiringGradient()
        var q = Tensor([3, -1]).requiringGradient()
        let p0 = p
        let q0 = q
        for step in 0..<5 {
            p = p * 2 + Float(step)
            q = (q * q).sqrt() * 0.5 + q0
        }
        let lossP = p.sum()
        let lossQ = (q * q).sum()
        let gp = lossP.gradients(wrt: [p0, q0])
        #expect(gp[0].scalars == [32, 32] && gp[1].scalars == [0, 0])
        // Numerically: q_{k+1} = |q_k|/2 + q0, five times.
        func qChain(_ v: Float) -> Float {
            var q = v
            for _ in 0..<5 { q = Swift.abs(q) / 2 + v }
            return q * q
        }
        let expected = [Float(3), -1].map { v in (qChain(v + 1e-2) - qChain(v - 1e-2)) / 2e-2 }
        let gq = lossQ.gradients(wrt: [q0, p0])
        #expect(Self.close(gq[0].scalars, expected, tolerance: 1e-2) && gq[1].scalars == [0, 0])
        // Asking again gives the same answer: the graph is not consumed.
        #expect(lossP.gradients(wrt: [p0])[0].scalars == [32, 32])
        #expect(lossQ.gradients(wrt: [q0])[0].scalars == gq[0].scalars)
    }

    @Test func deepChainDoesNotOverflowTheStack() {
        let x = Tensor([1, 2]).requiringGradient()
        var y = x
        for _ in 0..<10_000 { y = y * 1.0001 }
        let g = y.sum().gradients(wrt: [x])[0]
        let expected = Float(Foundation.pow(1.0001, 10_000.0))
        #expect(Self.close(g.scalars, [expected, expected], tolerance: 1e-3))
        // Dropping the graph releases 10 000 nodes, each holding the one before.
    }

    @Test func deepChainOfMultiInputOps() {
        // An unrolled recurrence: h = tanh(h·w + x_t), 2 000 steps, several ops per step.
        var rng = RandomGenerator(seed: 5)
        let w = (Tensor.normal([3, 3], rng: &rng) * 0.3).requiringGradient()
        var h = Tensor.zeros([1, 3])
        for _ in 0..<2_000 { h = (matmul(h, w) + Tensor.uniform([1, 3], rng: &rng)).tanh() }
        let g = h.sum().gradients(wrt: [w])[0]
        #expect(g.shape == [3, 3] && g.scalars.allSatisfy { $0.isFinite })
    }

    @Test func valueWithGradientForms() {
        let (v, g) = valueWithGradient(at: Tensor([1, 2, 3])) { ($0 * $0).sum() }
        #expect(v.item == 14 && g.scalars == [2, 4, 6] && !v.requiresGradient)
        let (v2, gs) = valueWithGradient(at: [Tensor([1, 2]), Tensor([3, 4])]) { ($0[0] * $0[1]).sum() }
        #expect(v2.item == 11 && gs[0].scalars == [3, 4] && gs[1].scalars == [1, 2])
        // A non-scalar root with an explicit seed.
        let x = Tensor([1, 2, 3]).requiringGradient()
        #expect((x * x).gradients(wrt: [x], seed: Tensor([1, 0, -1]))[0].scalars == [2, 0, -6])
    }

    @Test func seedOfTheWrongShapeIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let a = Tensor.ones([2, 3]).requiringGradient()
            _ = matmul(a, Tensor.ones([3, 2])).gradients(wrt: [a], seed: Tensor.ones([3]))
        }
        await #expect(processExitsWith: .failure) {
            let a = Tensor.ones([2, 2]).requiringGradient()
            _ = (a * 2).gradients(wrt: [a])
        }
    }
}
