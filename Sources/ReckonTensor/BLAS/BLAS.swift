import CReckonBLAS
import Dispatch
import ReckonSupport

/// The single doorway to BLAS: row-major sgemm with transposes passed as flags.
public enum BLAS {
    /// C = alpha * op(A) * op(B) + beta * C, row-major; op(A) is M x K, op(B) is K x N.
    @inline(__always)
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>,
        lda: Int? = nil, ldb: Int? = nil, ldc: Int? = nil
    ) {
        if m == 0 || n == 0 { return }
        if FLOPCounter.isCounting { FLOPCounter.add(2 * Double(m) * Double(n) * Double(k)) }
        if k == 0 {
            // BLAS leaves C untouched when K = 0 only for beta = 1; scale explicitly.
            let stride = ldc ?? n
            for r in 0..<m { for j in 0..<n { c[r * stride + j] = beta == 0 ? 0 : beta * c[r * stride + j] } }
            return
        }
        _ = BLASRuntime.loaded
        let lda = lda ?? (transposeA ? m : k)
        let ldb = ldb ?? (transposeB ? k : n)
        let ldc = ldc ?? n
        let parts = splitCount(m: m, n: n, k: k)
        if parts == 1 {
            call(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        // Split the larger of M and N: each thread then packs its share of the larger operand
        // and all of the smaller one, which is the least redundant packing.
        let splitRows = m >= n
        let extent = splitRows ? m : n
        let chunk = ((extent + parts - 1) / parts + 15) / 16 * 16
        let pieces = (extent + chunk - 1) / chunk
        let operands = SharedWork((a, b, c))
        DispatchQueue.concurrentPerform(iterations: pieces) { p in
            let (a, b, c) = operands.body
            let start = p * chunk
            let size = Swift.min(chunk, extent - start)
            if splitRows {
                call(
                    transposeA, transposeB, size, n, k, alpha, transposeA ? a + start : a + start * lda, lda,
                    b, ldb, beta, c + start * ldc, ldc)
            } else {
                call(
                    transposeA, transposeB, m, size, k, alpha, a, lda, transposeB ? b + start * ldb : b + start, ldb,
                    beta, c + start, ldc)
            }
        }
    }

    /// FLOPs below which a product runs on one thread: dispatching costs about 10 µs, which is
    /// what a 2^22-FLOP product takes at 400 GFLOP/s.
    static let splitThreshold = 1 << 22

    /// How many threads one product uses. Reckon runs OpenBLAS single-threaded and splits
    /// products itself: OpenBLAS's own threads spin in sched_yield between calls, which took
    /// 43% of the CPU samples of an LSTM training step on 2 cores (perf) and starved the
    /// elementwise kernels of the second core.
    @inline(__always)
    static func splitCount(m: Int, n: Int, k: Int) -> Int {
        if 2 * m * n * k < splitThreshold || Swift.max(m, n) < 32 || Parallel.isNested { return 1 }
        let workers = Parallel.workers
        if workers == 1 { return 1 }
        return Swift.min(workers, Swift.max(m, n) / 16)
    }

    @inline(__always)
    private static func call(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        reckon_sgemm(
            ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }
}
