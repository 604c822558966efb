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
            let t = Tensor.zeros(l.shape)
            let pt = t.storage.pointer
            let py = y.storage.pointer
            let px = xv.storage.pointer
            for p in 0..<batch {
                let lb = p * n * n
                let vb = p * n * m
                for i in 1..<max(n, 1) {
                    for j in 0..<i {
                        var s: Float = 0
                        for c in 0..<m { s += py[vb + i * m + c] * px[vb + j * m + c] }
                        pt[lb + i * n + j] = -s
                    }
                }
            }
            dl = t
        }
        return [dl, needs[1] ? y : nil]
    }
}

/// The substitutions of `unitLowerTriangularSolve`, on raw buffers.
enum TriangularKernels {
    /// X_i = B_i − Σ_{j<i} L_ij X_j, row by row.
    static func forward(
        _ l: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>,
        n: Int, m: Int, batch: Int
    ) {
        for p in 0..<batch {
            let lb = p * n * n
            let vb = p * n * m
            for i in 0..<n {
                let row = vb + i * m
                for c in 0..<m { x[row + c] = b[row + c] }
                for j in 0..<i {
                    let lij = l[lb + i * n + j]
                    if lij == 0 { continue }
                    let other = vb + j * m
                    for c in 0..<m { x[row + c] -= lij * x[other + c] }
                }
            }
        }
    }

    /// Y = (I + L)⁻ᵀ G: Y_i = G_i − Σ_{j>i} L_ji Y_j, from the last row up.
    static func transposedBackward(
        _ l: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        n: Int, m: Int, batch: Int
    ) {
        for p in 0..<batch {
            let lb = p * n * n
            let vb = p * n * m
            for i in stride(from: n - 1, through: 0, by: -1) {
                let row = vb + i * m
                for c in 0..<m { y[row + c] = g[row + c] }
                for j in (i + 1)..<max(n, i + 1) {
                    let lji = l[lb + j * n + i]
                    if lji == 0 { continue }
                    let other = vb + j * m
                    for c in 0..<m { y[row + c] -= lji * y[other + c] }
                }
            }
        }
    }
}
