import Testing

@testable import ReckonTensor

/// Finite-difference checks of the fused `.attention` op (the transformers' scaled dot-product
/// attention), and its values against the same computation composed from matmul and softmax.
/// (`CheckedOps.elsewhere` must list `.attention` with this file.)
@Suite struct AttentionOpGradientTests {
    /// (label, N, Lq, Lk, d, e, bias groups or nil).
    static let cases: [(label: String, n: Int, lq: Int, lk: Int, d: Int, e: Int, groups: Int?)] = [
        ("self, no bias", 2, 3, 3, 2, 2, nil),
        ("cross, per-head bias", 4, 2, 3, 3, 2, 2),
        ("one shared bias", 2, 3, 2, 2, 3, 1),
        ("bias per block", 2, 2, 4, 2, 1, 2),
    ]

    static func composed(_ q: Tensor, _ k: Tensor, _ v: Tensor, scale: Float, bias: Tensor?) -> Tensor {
        var s = matmul(q, k, transposeB: true) * scale
        if let bias {
            let n = q.shape[0]
            let g = bias.shape[0]
            s = (s.reshaped([n / g, g, q.shape[1], k.shape[1]]) + bias).reshaped(s.shape)
        }
        return matmul(s.softmax(axis: -1), v)
    }

    @Test(arguments: 0..<4)
    func attentionGradients(_ c: Int) {
        let t = Self.cases[c]
        var m = InputMaker("attention \(t.label)")
        var inputs = [m.uniform([t.n, t.lq, t.d]), m.uniform([t.n, t.lk, t.d]), m.uniform([t.n, t.lk, t.e])]
        if let g = t.groups { inputs.append(m.uniform([g, t.lq, t.lk])) }
        let f: ([Tensor]) -> Tensor = {
            attention(q: $0[0], k: $0[1], v: $0[2], scale: 0.7, bias: $0.count > 3 ? $0[3] : nil)
        }
        var results = [
            GradientChecker.check("attention \(t.label)", inputs, f),
            GradientChecker.check("attention \(t.label), values only", inputs, wrt: [2], f),
            GradientChecker.check("attention \(t.label), queries and keys", inputs, wrt: [0, 1], f),
        ]
        if t.groups != nil {
            results.append(GradientChecker.check("attention \(t.label), bias only", inputs, wrt: [3], f))
        }
        for result in results { #expect(result.passed, "\(result)") }
    }

    @Test(arguments: 0..<4)
    func attentionEqualsComposedOps(_ c: Int) {
        let t = Self.cases[c]
        var m = InputMaker("attention values \(t.label)")
        let q = m.uniform([t.n, t.lq, t.d])
        let k = m.uniform([t.n, t.lk, t.d])
        let v = m.uniform([t.n, t.lk, t.e])
        let bias = t.groups.map { m.uniform([$0, t.lq, t.lk]) }
        let fused = attention(q: q, k: k, v: v, scale: 0.7, bias: bias).scalars
        let reference = Self.composed(q, k, v, scale: 0.7, bias: bias).scalars
        #expect(zip(fused, reference).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// A −1e30 bias removes a key: the output is the attention over the remaining keys.
    @Test func maskedKeysGetNoWeight() {
        let q = Tensor([1, 2], shape: [1, 1, 2])
        let k = Tensor([1, 0, 0, 1, 3, 3], shape: [1, 3, 2])
        let v = Tensor([1, 10, 100], shape: [1, 3, 1])
        let masked = attention(q: q, k: k, v: v, scale: 1, bias: Tensor([0, 0, -1e30], shape: [1, 1, 3]))
        let kept = attention(q: q, k: k.slice(axis: 1, 0..<2), v: v.slice(axis: 1, 0..<2), scale: 1)
        #expect(masked.scalars == kept.scalars)
    }

    /// Many blocks, so the forward and backward loops run on several threads.
    @Test func parallelBlocksMatchTheComposedOps() {
        var m = InputMaker("attention parallel")
        let q = m.uniform([64, 20, 8]).requiringGradient()
        let k = m.uniform([64, 24, 8]).requiringGradient()
        let v = m.uniform([64, 24, 8]).requiringGradient()
        let bias = m.uniform([8, 20, 24]).requiringGradient()
        let w = m.uniform([64, 20, 8])
        let fused = (attention(q: q, k: k, v: v, scale: 0.35, bias: bias) * w).sum()
        let reference = (Self.composed(q, k, v, scale: 0.35, bias: bias) * w).sum()
        #expect(abs(fused.item - reference.item) < 1e-3)
        for (a, b) in zip(fused.gradients(wrt: [q, k, v, bias]), reference.gradients(wrt: [q, k, v, bias])) {
            #expect(zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) < 1e-4 })
        }
    }
}
