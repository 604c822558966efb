/// Matrix products on BLAS. Transposes are BLAS flags, never copies.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank >= 2 operands, got \(a.shape) and \(b.shape)")
    let aRows = a.shape[a.rank - 2]
    let aCols = a.shape[a.rank - 1]
    let bRows = b.shape[b.rank - 2]
    let bCols = b.shape[b.rank - 1]
    let m = transposeA ? aCols : aRows
    let k = transposeA ? aRows : aCols
    let kb = transposeB ? bCols : bRows
    let n = transposeB ? bRows : bCols
    precondition(
        k == kb,
        "matmul inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") x \(b.shape)\(transposeB ? "ᵀ" : "")")
    let aBatch = Array(a.shape.dropLast(2))
    let bBatch = Array(b.shape.dropLast(2))
    precondition(
        aBatch.isEmpty || bBatch.isEmpty || aBatch == bBatch,
        "matmul batch dimensions differ: \(a.shape) and \(b.shape)")
    let batchShape = aBatch.isEmpty ? bBatch : aBatch
    let batch = Shape.count(batchShape)
    let aStride = aBatch.isEmpty ? 0 : m * k
    let bStride = bBatch.isEmpty ? 0 : k * n
    let out = Tensor.uninitialized(batchShape + [m, n])
    Kernels.gemm(
        a.storage.pointer, aStride, transposeA, b.storage.pointer, bStride, transposeB,
        out.storage.pointer, m * n, m: m, n: n, k: k, batch: batch)
    let av = a.detached
    let bv = b.detached
    return Tensor.record(.matmul, inputs: [a, b], output: out) { g, needs in
        let pg = g.storage.pointer
        var da: Tensor? = nil
        var db: Tensor? = nil
        if needs[0] {
            let t = Tensor.uninitialized(a.shape)
            let os = aStride == 0 ? 0 : m * k
            if !transposeA {
                Kernels.gemm(
                    pg, m * n, false, bv.storage.pointer, bStride, !transposeB, t.storage.pointer, os, m: m, n: k, k: n,
                    batch: batch)
            } else {
                Kernels.gemm(
                    bv.storage.pointer, bStride, transposeB, pg, m * n, true, t.storage.pointer, os, m: k, n: m, k: n,
                    batch: batch)
            }
            da = t
        }
        if needs[1] {
            let t = Tensor.uninitialized(b.shape)
            let os = bStride == 0 ? 0 : k * n
            if !transposeB {
                Kernels.gemm(
                    av.storage.pointer, aStride, !transposeA, pg, m * n, false, t.storage.pointer, os, m: k, n: n, k: m,
                    batch: batch)
            } else {
                Kernels.gemm(
                    pg, m * n, true, av.storage.pointer, aStride, transposeA, t.storage.pointer, os, m: n, n: k, k: m,
                    batch: batch)
            }
            db = t
        }
        return [da, db]
    }
}

extension Kernels {
    /// Batched sgemm: for each batch item, C_i = op(A_i) op(B_i). A stride of 0 shares an
    /// operand across the batch; an output stride of 0 sums every product into one C.
    public static func gemm(
        _ a: UnsafePointer<Float>, _ aStride: Int, _ tA: Bool,
        _ b: UnsafePointer<Float>, _ bStride: Int, _ tB: Bool,
        _ c: UnsafeMutablePointer<Float>, _ cStride: Int,
        m: Int, n: Int, k: Int, batch: Int
    ) {
        if batch == 0 {
            if cStride == 0 { c.update(repeating: 0, count: m * n) }
            return
        }
        // One large product instead of a loop whenever the batch stacks along a dimension.
        if cStride != 0 && bStride == 0 && !tA && aStride != 0 {
            BLAS.sgemm(transposeA: false, transposeB: tB, m: m * batch, n: n, k: k, a: a, b: b, c: c)
            return
        }
        if cStride == 0 && tA && !tB && aStride != 0 && bStride != 0 {
            BLAS.sgemm(transposeA: true, transposeB: false, m: m, n: n, k: k * batch, a: a, b: b, c: c)
            return
        }
        for i in 0..<batch {
            BLAS.sgemm(
                transposeA: tA, transposeB: tB, m: m, n: n, k: k,
                a: a + i * aStride, b: b + i * bStride,
                beta: (cStride == 0 && i > 0) ? 1 : 0, c: c + i * cStride)
        }
    }
}

/// Batched outer product: a [..., M] and b [..., N] with equal leading axes give [..., M, N].
public func outer(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(
        a.rank >= 1 && b.rank >= 1 && a.shape.dropLast() == b.shape.dropLast(),
        "outer needs equal leading axes, got \(a.shape) and \(b.shape)")
    let m = a.shape.last!
    let n = b.shape.last!
    let batch = a.count / Swift.max(m, 1)
    let lead = Array(a.shape.dropLast())
    let out = Tensor.uninitialized(lead + [m, n])
    let pa = a.storage.pointer
    let pb = b.storage.pointer
    let po = out.storage.pointer
    for r in 0..<batch {
        for i in 0..<m {
            let v = pa[r * m + i]
            let row = po + (r * m + i) * n
            for j in 0..<n { row[j] = v * pb[r * n + j] }
        }
    }
    let av = a.detached
    let bv = b.detached
    return Tensor.record(.outer, inputs: [a, b], output: out) { g, needs in
        let pg = g.storage.pointer
        var da: Tensor? = nil
        var db: Tensor? = nil
        if needs[0] {
            let t = Tensor.zeros(a.shape)
            let pt = t.storage.pointer
            let pbv = bv.storage.pointer
            for r in 0..<batch {
                for i in 0..<m {
                    var s: Float = 0
                    for j in 0..<n { s += pg[(r * m + i) * n + j] * pbv[r * n + j] }
                    pt[r * m + i] = s
                }
            }
            da = t
        }
        if needs[1] {
            let t = Tensor.zeros(b.shape)
            let pt = t.storage.pointer
            let pav = av.storage.pointer
            for r in 0..<batch {
                for i in 0..<m {
                    let v = pav[r * m + i]
                    for j in 0..<n { pt[r * n + j] += pg[(r * m + i) * n + j] * v }
                }
            }
            db = t
        }
        return [da, db]
    }
}

/// Circular convolution along the last axis, as the NTM's shift: with a kernel of odd
/// size S whose entry j stands for the offset j - (S-1)/2, y[i] = Σ_j x[(i - offset_j) mod N] k[j].
/// A one-hot kernel at offset +1 rotates the signal one place towards higher indices.
/// Leading axes of signal and kernel must match.
public func circularConvolution(_ x: Tensor, _ kernel: Tensor) -> Tensor {
    precondition(
        x.rank >= 1 && kernel.rank == x.rank && x.shape.dropLast() == kernel.shape.dropLast(),
        "circularConvolution needs equal leading axes, got \(x.shape) and \(kernel.shape)")
    let n = x.shape.last!
    let s = kernel.shape.last!
    precondition(s % 2 == 1, "circularConvolution needs an odd kernel size, got \(s)")
    let half = (s - 1) / 2
    let batch = x.count / Swift.max(n, 1)
    @inline(__always) func src(_ i: Int, _ j: Int) -> Int { (((i - (j - half)) % n) + n) % n }
    let out = Tensor.zeros(x.shape)
    let px = x.storage.pointer
    let pk = kernel.storage.pointer
    let po = out.storage.pointer
    for r in 0..<batch {
        for i in 0..<n {
            var acc: Float = 0
            for j in 0..<s { acc += px[r * n + src(i, j)] * pk[r * s + j] }
            po[r * n + i] = acc
        }
    }
    let xv = x.detached
    let kv = kernel.detached
    return Tensor.record(.circularConvolution, inputs: [x, kernel], output: out) { g, needs in
        let pg = g.storage.pointer
        let dx = Tensor.zeros(x.shape)
        let dk = Tensor.zeros(kernel.shape)
        let pdx = dx.storage.pointer
        let pdk = dk.storage.pointer
        let pxv = xv.storage.pointer
        let pkv = kv.storage.pointer
        for r in 0..<batch {
            for i in 0..<n {
                let gv = pg[r * n + i]
                for j in 0..<s {
                    let si = r * n + src(i, j)
                    pdx[si] += gv * pkv[r * s + j]
                    pdk[r * s + j] += gv * pxv[si]
                }
            }
        }
        return [needs[0] ? dx : nil, needs[1] ? dk : nil]
    }
}
