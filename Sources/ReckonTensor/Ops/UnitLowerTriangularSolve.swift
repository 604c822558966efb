/// X = (I + L)⁻¹ · B for L strictly lower triangular (its diagonal and upper triangle are not
/// read), batched over the leading axes: L [..., n, n], B [..., n, m].
///
/// The delta rule's chunked WY form (Yang et al. 2024, "Parallelizing Linear Transformers with
/// the Delta Rule over Sequence Length") needs this inverse once per chunk; fla's
/// `delta_rule_chunkwise` builds it row by row in Python. Here it is forward substitution,
/// X_i = B_i − Σ_{j<i} L_ij X_j, and one backward: with Y = (I + L)⁻ᵀ G (back substitution),
/// ∂B = Y and ∂L_ij = −Y_i · X_j below the diagonal, zero elsewhere.
public func unitLowerTriangularSolve(_ l: Tensor, _ b: Tensor) -> Tensor {
    precondition(l.rank >= 2 && b.rank == l.rank, "unitLowerTriangularSolve needs equal ranks >= 2")
    let n = l.shape[l.rank - 1]
    precondition(l.shape[l.rank - 2] == n, "unitLowerTriangularSolve needs square matrices, got \(l.shape)")
    precondition(
        Array(b.shape.dropLast()) == Array(l.shape.dropLast()),
        "unitLowerTriangularSolve: \(b.shape) does not match \(l.shape)")
    let m = b.shape[b.rank - 1]
    let batch = Shape.count(Array(l.shape.dropLast(2)))
    let lv = l.detached
    let x = Tensor.uninitialized(b.shape)
    TriangularKernels.forward(lv.storage.pointer, b.storage.pointer, x.storage.pointer, n: n, m: m, batch: batch)
    let xv = x.detached
    return Tensor.record(.unitLowerTriangularSolve, inputs: [l, b], output: x) { g, needs in
        let y = Tensor.uninitialized(b.shape)
        TriangularKernels.transposedBackward(
            lv.storage.pointer, g.storage.pointer, y.storage.pointer, n: n, m: m, batch: batch)
        var dl: Tensor? = nil
        if needs[0] {
            // ∂L = −Y Xᵀ below the diagonal: one product per matrix. A scalar dot product per
            // entry took 11.5% of the deltanet peer step (perf, batch 32, 41 positions, 1 thread);
            // the full product does the upper triangle's work too and is still faster.
            let t = Tensor.uninitialized(l.shape)
            let pt = t.storage.pointer
            Kernels.gemm(
                y.storage.pointer, n * m, false, xv.storage.pointer, n * m, true, pt, n * n, m: n, n: n, k: m,
                batch: batch)
            for p in 0..<batch {
                let lb = p * n * n
                for i in 0..<n {
                    let row = pt + lb + i * n
                    for j in 0..<i { row[j] = -row[j] }
                    for j in i..<n { row[j] = 0 }
                }
            }
            dl = t
        }
        return [dl, needs[1] ? y : nil]
    }
}

/// The substitutions of `unitLowerTriangularSolve`, on raw buffers.
enum TriangularKernels {
    /// X_i = B_i − Σ_{j<i} L_ij X_j, row by row; the matrices of the batch in parallel.
    static func forward(
        _ l: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>,
        n: Int, m: Int, batch: Int
    ) {
        Parallel.chunks(batch, cost: n * n * m / 2) { start, end in
            for p in start..<end { forward(l + p * n * n, b + p * n * m, x + p * n * m, n: n, m: m) }
        }
    }

    /// One matrix of `forward`.
    static func forward(
        _ l: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, n: Int, m: Int
    ) {
        for i in 0..<n {
            let row = x + i * m
            for c in 0..<m { row[c] = b[i * m + c] }
            for j in 0..<i {
                let lij = l[i * n + j]
                if lij == 0 { continue }
                let other = x + j * m
                for c in 0..<m { row[c] -= lij * other[c] }
            }
        }
    }

    /// Y = (I + L)⁻ᵀ G: Y_i = G_i − Σ_{j>i} L_ji Y_j, from the last row up; the matrices of the
    /// batch in parallel.
    static func transposedBackward(
        _ l: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        n: Int, m: Int, batch: Int
    ) {
        Parallel.chunks(batch, cost: n * n * m / 2) { start, end in
            for p in start..<end { transposedBackward(l + p * n * n, g + p * n * m, y + p * n * m, n: n, m: m) }
        }
    }

    /// One matrix of `transposedBackward`.
    static func transposedBackward(
        _ l: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, m: Int
    ) {
        for i in stride(from: n - 1, through: 0, by: -1) {
            let row = y + i * m
            for c in 0..<m { row[c] = g[i * m + c] }
            for j in (i + 1)..<max(n, i + 1) {
                let lji = l[j * n + i]
                if lji == 0 { continue }
                let other = y + j * m
                for c in 0..<m { row[c] -= lji * other[c] }
            }
        }
    }
}
