/// The fused GRU step, as Haiku's `hk.GRU`: with W split by columns into [z | r | a] blocks,
/// [z, r] = σ(x·Wx[:, zr] + h·Wh[:, zr] + b[zr]); a = tanh(x·Wx[:, a] + (r ⊙ h)·Wh[:, a] + b[a]);
/// h' = (1 − z) ⊙ h + z ⊙ a. Shapes: x [B, I], h [B, H], wx [I, 3H], wh [H, 3H], b [3H].
public func gruCell(x: Tensor, h: Tensor, wx: Tensor, wh: Tensor, b: Tensor) -> Tensor {
    let batch = x.shape[0]
    let inSize = x.shape[1]
    let hidden = h.shape[1]
    let w3 = 3 * hidden
    precondition(
        x.rank == 2 && h.shape == [batch, hidden] && wx.shape == [inSize, w3]
            && wh.shape == [hidden, w3] && b.shape == [w3],
        "gruCell shapes: x \(x.shape) h \(h.shape) wx \(wx.shape) wh \(wh.shape) b \(b.shape)")
    let xv = x.detached
    let hv = h.detached
    let wxv = wx.detached
    let whv = wh.detached
    // acts holds [z, r, a] after the forward pass; rh holds r ⊙ h (needed for dWh[:, a]).
    let acts = Tensor.uninitialized([batch, w3])
    let rh = Tensor.uninitialized([batch, hidden])
    let out = Tensor.uninitialized([batch, hidden])
    let g = acts.storage.pointer
    let hp = hv.storage.pointer
    let whp = whv.storage.pointer
    for r in 0..<batch { (g + r * w3).update(from: b.storage.pointer, count: w3) }
    BLAS.sgemm(
        transposeA: false, transposeB: false, m: batch, n: w3, k: inSize, a: xv.storage.pointer, b: wxv.storage.pointer,
        beta: 1, c: g)
    BLAS.sgemm(
        transposeA: false, transposeB: false, m: batch, n: 2 * hidden, k: hidden, a: hp, b: whp, beta: 1, c: g,
        ldb: w3, ldc: w3)
    let rhp = rh.storage.pointer
    for r in 0..<batch {
        for k in 0..<2 * hidden { g[r * w3 + k] = FastMath.sigmoid(g[r * w3 + k]) }
        for k in 0..<hidden { rhp[r * hidden + k] = g[r * w3 + hidden + k] * hp[r * hidden + k] }
    }
    BLAS.sgemm(
        transposeA: false, transposeB: false, m: batch, n: hidden, k: hidden, a: rhp, b: whp + 2 * hidden, beta: 1,
        c: g + 2 * hidden, ldb: w3, ldc: w3)
    let op = out.storage.pointer
    for r in 0..<batch {
        for k in 0..<hidden {
            let a = FastMath.tanh(g[r * w3 + 2 * hidden + k])
            g[r * w3 + 2 * hidden + k] = a
            let z = g[r * w3 + k]
            let hq = hp[r * hidden + k]
            op[r * hidden + k] = (1 - z) * hq + z * a
        }
    }
    return Tensor.record(.gruCell, inputs: [x, h, wx, wh, b], output: out) { [acts, rh, xv, hv, wxv, whv] dOut, needs in
        // Raw pointers below point into these captured tensors, which the capture list keeps alive.
        let g = acts.storage.pointer
        let hp = hv.storage.pointer
        let whp = whv.storage.pointer
        let rhp = rh.storage.pointer
        let dG = Tensor.uninitialized([batch, w3])
        let dh = Tensor.uninitialized([batch, hidden])
        let dgp = dG.storage.pointer
        let dhp = dh.storage.pointer
        let dop = dOut.storage.pointer
        for r in 0..<batch {
            for k in 0..<hidden {
                let q = r * hidden + k
                let z = g[r * w3 + k]
                let a = g[r * w3 + 2 * hidden + k]
                let hq = hp[q]
                let d = dop[q]
                dgp[r * w3 + 2 * hidden + k] = d * z * (1 - a * a)
                dgp[r * w3 + k] = d * (a - hq) * z * (1 - z)
                dhp[q] = d * (1 - z)
            }
        }
        // d(r ⊙ h) = da_pre · Wh[:, a]ᵀ, reusing `dr` scratch before it becomes dr_pre.
        let drh = Tensor.uninitialized([batch, hidden])
        let drhp = drh.storage.pointer
        BLAS.sgemm(
            transposeA: false, transposeB: true, m: batch, n: hidden, k: hidden, a: dgp + 2 * hidden,
            b: whp + 2 * hidden, c: drhp, lda: w3, ldb: w3)
        for r in 0..<batch {
            for k in 0..<hidden {
                let q = r * hidden + k
                let rr = g[r * w3 + hidden + k]
                dgp[r * w3 + hidden + k] = drhp[q] * hp[q] * rr * (1 - rr)
                dhp[q] += drhp[q] * rr
            }
        }
        BLAS.sgemm(
            transposeA: false, transposeB: true, m: batch, n: hidden, k: 2 * hidden, a: dgp, b: whp, beta: 1,
            c: dhp, lda: w3, ldb: w3)
        var dx: Tensor? = nil
        var dwx: Tensor? = nil
        var dwh: Tensor? = nil
        if needs[0] {
            let t = Tensor.uninitialized([batch, inSize])
            BLAS.sgemm(
                transposeA: false, transposeB: true, m: batch, n: inSize, k: w3, a: dgp, b: wxv.storage.pointer,
                c: t.storage.pointer)
            dx = t
        }
        if needs[2] {
            let t = Tensor.uninitialized([inSize, w3])
            BLAS.sgemm(
                transposeA: true, transposeB: false, m: inSize, n: w3, k: batch, a: xv.storage.pointer, b: dgp,
                c: t.storage.pointer)
            dwx = t
        }
        if needs[3] {
            let t = Tensor.uninitialized([hidden, w3])
            BLAS.sgemm(
                transposeA: true, transposeB: false, m: hidden, n: 2 * hidden, k: batch, a: hp, b: dgp,
                c: t.storage.pointer, ldb: w3, ldc: w3)
            BLAS.sgemm(
                transposeA: true, transposeB: false, m: hidden, n: hidden, k: batch, a: rhp, b: dgp + 2 * hidden,
                c: t.storage.pointer + 2 * hidden, ldb: w3, ldc: w3)
            dwh = t
        }
        return [dx, needs[1] ? dh : nil, dwx, dwh, needs[4] ? Kernels.sum(dG, axis: 0) : nil]
    }
}
