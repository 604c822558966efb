import CReckonBLAS

/// The single doorway to BLAS: row-major sgemm with transposes passed as flags.
public enum BLAS {
    /// C = alpha * op(A) * op(B) + beta * C, row-major; op(A) is M x K, op(B) is K x N.
    @inline(__always)
    public static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>,
                             lda: Int? = nil, ldb: Int? = nil, ldc: Int? = nil) {
        if m == 0 || n == 0 { return }
        if FLOPCounter.isCounting { FLOPCounter.add(2 * Double(m) * Double(n) * Double(k)) }
        if k == 0 {
            // BLAS leaves C untouched when K = 0 only for beta = 1; scale explicitly.
            let stride = ldc ?? n
            for r in 0..<m { for j in 0..<n { c[r * stride + j] = beta == 0 ? 0 : beta * c[r * stride + j] } }
            return
        }
        _ = BLASRuntime.loaded
        reckon_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                     a, Int32(lda ?? (transposeA ? m : k)), b, Int32(ldb ?? (transposeB ? k : n)),
                     beta, c, Int32(ldc ?? n))
    }

    /// Sets the number of BLAS threads (OpenBLAS only; Accelerate manages its own).
    public static func setThreads(_ n: Int) {
        _ = BLASRuntime.loaded
        reckon_blas_set_threads(Int32(n))
    }
}
