import CBLAS
import Foundation

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
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda ?? (transposeA ? m : k)),
                    b, Int32(ldb ?? (transposeB ? k : n)),
                    beta, c, Int32(ldc ?? n))
    }

    /// Sets the number of BLAS threads (OpenBLAS only; Accelerate manages its own).
    public static func setThreads(_ n: Int) {
        #if !canImport(Darwin)
        openblas_set_num_threads(Int32(n))
        #endif
    }
}

/// Counts the floating-point operations of every sgemm while switched on, so benchmarks
/// can report GFLOP per training step from the shapes actually multiplied. Off by default
/// (one branch per sgemm); never used for anything but measurement.
public enum FLOPCounter {
    nonisolated(unsafe) static var isCounting = false
    nonisolated(unsafe) private static var total = 0.0
    private static let lock = NSLock()

    static func add(_ flop: Double) { lock.lock(); total += flop; lock.unlock() }

    /// Runs `body` and returns the sgemm FLOPs it performed.
    public static func count(_ body: () -> Void) -> Double {
        lock.lock(); total = 0; isCounting = true; lock.unlock()
        body()
        lock.lock(); isCounting = false; let t = total; lock.unlock()
        return t
    }
}
