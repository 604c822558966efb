import ReckonSupport
import Testing

@testable import ReckonTensor

/// The gradient checks use small tensors, which stay on one thread. These run the ops above
/// `Parallel.threshold`, where loops split across cores, and compare with a naive loop or
/// with the same op applied to small (single-threaded) pieces.
@Suite struct ParallelPathTests {
    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
    }

    @Test func largeBroadcastMatchesNaiveLoop() {
        var rng = RandomGenerator(seed: 21)
        // [40, 1, 50] with [30, 1] -> [40, 30, 50]: 60 000 elements, both inputs broadcast.
        let a = Tensor.uniform([40, 1, 50], rng: &rng)
        let b = Tensor.uniform([30, 1], rng: &rng)
        let y = a * b + a
        #expect(y.shape == [40, 30, 50])
        let pa = a.scalars
        let pb = b.scalars
        let py = y.scalars
        var ok = true
        for i in 0..<40 {
            for j in 0..<30 {
                for k in 0..<50 {
                    let v = pa[i * 50 + k] * pb[j] + pa[i * 50 + k]
                    if py[(i * 30 + j) * 50 + k] != v { ok = false }
                }
            }
        }
        #expect(ok)
        // The gradients sum back over the broadcast axes.
        let la = a.requiringGradient()
        let lb = b.requiringGradient()
        let g = (la * lb).sum().gradients(wrt: [la, lb])
        let sumB = pb.reduce(0, +)
        #expect(Self.close(g[0].scalars, [Float](repeating: sumB, count: 2000), tolerance: 1e-4))
        let sumA = pa.reduce(0, +)
        #expect(Self.close(g[1].scalars, [Float](repeating: sumA, count: 30), tolerance: 1e-3))
    }

    @Test func largeReductionsAndSoftmaxMatchRowByRow() {
        var rng = RandomGenerator(seed: 22)
        let rows = 300
        let n = 200
        let x = Tensor.uniform([rows, n], low: -3, high: 3, rng: &rng)
        let sm = x.softmax()
        let lsm = x.logSoftmax()
        let lse = x.logSumExp(axis: 1)
        let s = x.sum(axis: 1)
        let ln = layerNorm(x, scale: Tensor.full([n], 1.5), offset: Tensor.full([n], 0.25))
        let cols = x.sum(axis: 0)
        var colRef = [Double](repeating: 0, count: n)
        for r in 0..<rows {
            let row = x.slice(axis: 0, r..<(r + 1))
            let part = r * n..<((r + 1) * n)
            #expect(Array(sm.scalars[part]) == row.softmax().scalars)
            #expect(Array(lsm.scalars[part]) == row.logSoftmax().scalars)
            #expect(lse.scalars[r] == row.logSumExp(axis: 1).item)
            #expect(s.scalars[r] == row.sum(axis: 1).item)
            #expect(
                Array(ln.scalars[part])
                    == layerNorm(row, scale: Tensor.full([n], 1.5), offset: Tensor.full([n], 0.25)).scalars)
            for (k, v) in row.scalars.enumerated() { colRef[k] += Double(v) }
        }
        #expect(Self.close(cols.scalars, colRef.map(Float.init), tolerance: 1e-4))
    }

    @Test func largeLSTMCellMatchesRowByRow() {
        var rng = RandomGenerator(seed: 23)
        // batch · hidden · 40 is above the threshold, so the cell's loops run in parallel.
        let batch = 16
        let inSize = 8
        let hidden = 64
        let x = Tensor.uniform([batch, inSize], low: -1, high: 1, rng: &rng)
        let h = Tensor.uniform([batch, hidden], low: -1, high: 1, rng: &rng)
        let c = Tensor.uniform([batch, hidden], low: -1, high: 1, rng: &rng)
        let wx = Tensor.uniform([inSize, 4 * hidden], low: -0.3, high: 0.3, rng: &rng)
        let wh = Tensor.uniform([hidden, 4 * hidden], low: -0.3, high: 0.3, rng: &rng)
        let b = Tensor.uniform([4 * hidden], low: -0.3, high: 0.3, rng: &rng)
        let seedH = Tensor.uniform([batch, hidden], low: -1, high: 1, rng: &rng)
        let seedC = Tensor.uniform([batch, hidden], low: -1, high: 1, rng: &rng)
        let leaves = [x, h, c, wx, wh, b].map { $0.requiringGradient() }
        let full = lstmCell(x: leaves[0], h: leaves[1], c: leaves[2], wx: leaves[3], wh: leaves[4], b: leaves[5])
        let fullGrads = ((full.h * seedH).sum() + (full.c * seedC).sum()).gradients(wrt: leaves)
        var dwx = [Float](repeating: 0, count: wx.count)
        for r in 0..<batch {
            let row = { (t: Tensor) in t.slice(axis: 0, r..<(r + 1)).detached }
            let small = [row(x), row(h), row(c), wx, wh, b].map { $0.requiringGradient() }
            let one = lstmCell(x: small[0], h: small[1], c: small[2], wx: small[3], wh: small[4], b: small[5])
            #expect(Self.close(one.h.scalars, Array(full.h.scalars[(r * hidden)..<((r + 1) * hidden)])))
            #expect(Self.close(one.c.scalars, Array(full.c.scalars[(r * hidden)..<((r + 1) * hidden)])))
            let g = ((one.h * row(seedH)).sum() + (one.c * row(seedC)).sum()).gradients(wrt: small)
            #expect(
                Self.close(
                    g[0].scalars, Array(fullGrads[0].scalars[(r * inSize)..<((r + 1) * inSize)]), tolerance: 1e-4))
            #expect(
                Self.close(
                    g[2].scalars, Array(fullGrads[2].scalars[(r * hidden)..<((r + 1) * hidden)]), tolerance: 1e-4))
            for (k, v) in g[3].scalars.enumerated() { dwx[k] += v }
        }
        #expect(Self.close(dwx, fullGrads[3].scalars, tolerance: 1e-4))
    }

    @Test func largeElementwiseOpsMatchScalarFunctions() {
        var rng = RandomGenerator(seed: 24)
        let x = Tensor.uniform([50_000], low: -4, high: 4, rng: &rng)
        let xs = x.scalars
        #expect(x.tanh().scalars == xs.map(FastMath.tanh))
        #expect(x.sigmoid().scalars == xs.map(FastMath.sigmoid))
        #expect(x.exp().scalars == xs.map(FastMath.exp))
        #expect(x.relu().scalars == xs.map { Swift.max($0, 0) })
        let leaf = x.requiringGradient()
        #expect(
            leaf.tanh().sum().gradients(wrt: [leaf])[0].scalars
                == xs.map {
                    let t = FastMath.tanh($0)
                    return 1 - t * t
                })
    }

    /// The triangular solve of the chunked delta rule splits its batch of matrices across cores
    /// (24 matrices of 32 × 32 with 16 columns: 24 · 32 · 32 · 16 / 2 multiply-adds, above the
    /// threshold); every matrix's values and gradients must be those of solving it alone.
    @Test func largeTriangularSolveMatchesMatrixByMatrix() {
        var rng = RandomGenerator(seed: 24)
        let (batch, n, m) = (24, 32, 16)
        let l = (Tensor.uniform([batch, n, n], low: -0.5, high: 0.5, rng: &rng) * 0.2).requiringGradient()
        let b = Tensor.uniform([batch, n, m], rng: &rng).requiringGradient()
        let weights = Tensor.uniform([batch, n, m], rng: &rng)
        let x = unitLowerTriangularSolve(l, b)
        let g = (x * weights).sum().gradients(wrt: [l, b])
        for p in 0..<batch {
            let lp = l.detached.slice(axis: 0, p..<(p + 1)).requiringGradient()
            let bp = b.detached.slice(axis: 0, p..<(p + 1)).requiringGradient()
            let xp = unitLowerTriangularSolve(lp, bp)
            let gp = (xp * weights.slice(axis: 0, p..<(p + 1))).sum().gradients(wrt: [lp, bp])
            #expect(Self.close(Array(x.scalars[(p * n * m)..<((p + 1) * n * m)]), xp.scalars), "values of \(p)")
            #expect(Self.close(Array(g[0].scalars[(p * n * n)..<((p + 1) * n * n)]), gp[0].scalars), "∂L of \(p)")
            #expect(Self.close(Array(g[1].scalars[(p * n * m)..<((p + 1) * n * m)]), gp[1].scalars), "∂B of \(p)")
        }
    }
}
