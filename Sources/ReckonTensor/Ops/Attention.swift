/// Scaled dot-product attention over N independent blocks (batch × heads) as one op:
/// out[n] = softmax_rows(scale · q[n]·k[n]ᵀ + bias[n mod G]) · v[n].
///
/// Why: composed from matmul, add and softmax, every layer writes and re-reads several
/// [N, Lq, Lk] tensors forward and backward (the softmax alone did four passes); here each
/// block's scores are formed, biased and normalized while they are in cache, and only the
/// probabilities are kept for the backward pass.
/// Shapes: q [N, Lq, d], k [N, Lk, d], v [N, Lk, e]; bias [G, Lq, Lk] with N divisible by G
/// (G = heads broadcasts a per-head bias over the batch, G = 1 one bias over everything,
/// G = N one per block). Every input, the bias included, is differentiable.
/// A bias entry of about −1e30 masks a key; a row must keep at least one key unmasked.
public func attention(q: Tensor, k: Tensor, v: Tensor, scale: Float, bias: Tensor? = nil) -> Tensor {
    precondition(
        q.rank == 3 && k.rank == 3 && v.rank == 3,
        "attention needs rank-3 q, k, v, got \(q.shape) \(k.shape) \(v.shape)")
    let n = q.shape[0]
    let lq = q.shape[1]
    let d = q.shape[2]
    let lk = k.shape[1]
    let e = v.shape[2]
    precondition(
        k.shape == [n, lk, d] && v.shape[0] == n && v.shape[1] == lk,
        "attention shapes: q \(q.shape) k \(k.shape) v \(v.shape)")
    let groups = bias?.shape[0] ?? 1
    if let bias {
        precondition(
            bias.rank == 3 && bias.shape[1] == lq && bias.shape[2] == lk && groups > 0 && n % groups == 0,
            "attention bias must be [G, \(lq), \(lk)] with G dividing \(n), got \(bias.shape)")
    }
    let qv = q.detached
    let kv = k.detached
    let vv = v.detached
    let inputs = bias.map { [q, k, v, $0] } ?? [q, k, v]
    // Without a gradient to record, each block's probabilities live in per-thread scratch:
    // kept for all blocks they would be 2 GB at batch 64 × 8 heads × length 1000.
    let recording = inputs.contains(where: \.requiresGradient)
    let block = lq * lk
    let probs = Tensor.uninitialized(recording ? [n, lq, lk] : [0])
    let out = Tensor.uninitialized([n, lq, e])
    let qp = qv.storage.pointer
    let kp = kv.storage.pointer
    let vp = vv.storage.pointer
    let pp = probs.storage.pointer
    let op = out.storage.pointer
    let bp = bias?.storage.pointer
    Parallel.chunks(n, cost: block * (d + e + 8)) { s, end in
        var scratch = AttentionKernels.Scratch(lq: lq, lk: lk, width: Swift.max(d, e))
        defer { scratch.release() }
        for b in s..<end {
            AttentionKernels.forward(
                q: qp + b * lq * d, k: kp + b * lk * d, v: vp + b * lk * e,
                bias: bp.map { UnsafePointer($0 + (b % groups) * block) },
                probs: recording ? pp + b * block : scratch.block, out: op + b * lq * e,
                lq: lq, lk: lk, d: d, e: e, scale: scale, scratch: &scratch)
        }
    }
    guard recording else { return out }
    return Tensor.record(.attention, inputs: inputs, output: out) { [probs, qv, kv, vv] g, needs in
        // Raw pointers below point into these captured tensors, which the capture list keeps alive.
        let pp = probs.storage.pointer
        let qp = qv.storage.pointer
        let kp = kv.storage.pointer
        let vp = vv.storage.pointer
        let gp = g.storage.pointer
        let needsBias = needs.count > 3 && needs[3]
        let dq = needs[0] ? Tensor.uninitialized([n, lq, d]) : nil
        let dk = needs[1] ? Tensor.uninitialized([n, lk, d]) : nil
        let dv = needs[2] ? Tensor.uninitialized([n, lk, e]) : nil
        // dS of every block when the bias needs it (summed per group below), else per-chunk scratch.
        let dScores = needsBias ? Tensor.uninitialized([n, lq, lk]) : nil
        let dqp = dq?.storage.pointer
        let dkp = dk?.storage.pointer
        let dvp = dv?.storage.pointer
        let dsp = dScores?.storage.pointer
        Parallel.chunks(n, cost: block * (2 * d + 2 * e + 8)) { s, end in
            var scratch = AttentionKernels.Scratch(lq: lq, lk: lk, width: Swift.max(d, e))
            defer { scratch.release() }
            for b in s..<end {
                AttentionKernels.backward(
                    q: qp + b * lq * d, k: kp + b * lk * d, v: vp + b * lk * e,
                    probs: pp + b * block, gradOut: gp + b * lq * e,
                    dq: dqp.map { $0 + b * lq * d }, dk: dkp.map { $0 + b * lk * d },
                    dv: dvp.map { $0 + b * lk * e }, dScores: dsp.map { $0 + b * block },
                    lq: lq, lk: lk, d: d, e: e, scale: scale, scratch: &scratch)
            }
        }
        var dBias: Tensor? = nil
        if needsBias, let dsp {
            if groups == n {
                dBias = dScores
            } else {
                let t = Tensor.zeros([groups, lq, lk])
                let tp = t.storage.pointer
                for b in 0..<n {
                    let src = dsp + b * block
                    let dst = tp + (b % groups) * block
                    for i in 0..<block { dst[i] += src[i] }
                }
                dBias = t
            }
        }
        return [dq, dk, dv] + (needs.count > 3 ? [dBias] : [])
    }
}

/// The per-block loops. Every product is a small C = α·A·B with B's rows contiguous (`product`),
/// accumulated in SIMD registers; per-block BLAS calls on [80 × 8] operands cost more in call
/// overhead than the arithmetic.
enum AttentionKernels {
    /// Per-thread buffers for transposed operands.
    struct Scratch {
        let narrowT: UnsafeMutablePointer<Float>  // [width, max(Lq, Lk)]: kᵀ, vᵀ or qᵀ
        let blockT: UnsafeMutablePointer<Float>  // [Lk, Lq]: Pᵀ or dSᵀ
        let block: UnsafeMutablePointer<Float>  // [Lq, Lk]: dS when the bias needs no gradient
        init(lq: Int, lk: Int, width: Int) {
            narrowT = .allocate(capacity: width * Swift.max(lq, lk))
            blockT = .allocate(capacity: lq * lk)
            block = .allocate(capacity: lq * lk)
        }
        func release() {
            narrowT.deallocate()
            blockT.deallocate()
            block.deallocate()
        }
    }

    /// dst[c·rows + r] = src[r·cols + c].
    @inline(__always)
    static func transpose(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { for c in 0..<cols { dst[c * rows + r] = src[r * cols + c] } }
    }

    /// C[rows × cols] (=, or += with `accumulate`) α·A[rows × inner]·B[inner × cols], all
    /// row-major and dense. Eight columns at a time in registers, with four partial sums over
    /// the inner index so consecutive multiply-adds do not wait on each other.
    static func product(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
        rows: Int, inner: Int, cols: Int, alpha: Float = 1, accumulate: Bool = false
    ) {
        let braw = UnsafeRawPointer(b)
        let craw = UnsafeMutableRawPointer(c)
        let wide = cols - cols % 8
        for r in 0..<rows {
            let ar = a + r * inner
            var j = 0
            while j < wide {
                var s0 = SIMD8<Float>()
                var s1 = SIMD8<Float>()
                var s2 = SIMD8<Float>()
                var s3 = SIMD8<Float>()
                var t = 0
                while t + 4 <= inner {
                    s0 += ar[t] * braw.loadUnaligned(fromByteOffset: 4 * (t * cols + j), as: SIMD8<Float>.self)
                    s1 +=
                        ar[t + 1] * braw.loadUnaligned(fromByteOffset: 4 * ((t + 1) * cols + j), as: SIMD8<Float>.self)
                    s2 +=
                        ar[t + 2] * braw.loadUnaligned(fromByteOffset: 4 * ((t + 2) * cols + j), as: SIMD8<Float>.self)
                    s3 +=
                        ar[t + 3] * braw.loadUnaligned(fromByteOffset: 4 * ((t + 3) * cols + j), as: SIMD8<Float>.self)
                    t += 4
                }
                while t < inner {
                    s0 += ar[t] * braw.loadUnaligned(fromByteOffset: 4 * (t * cols + j), as: SIMD8<Float>.self)
                    t += 1
                }
                var sum = alpha * ((s0 + s1) + (s2 + s3))
                let offset = 4 * (r * cols + j)
                if accumulate { sum += craw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) }
                craw.storeBytes(of: sum, toByteOffset: offset, as: SIMD8<Float>.self)
                j += 8
            }
            while j < cols {
                var sum: Float = 0
                for t in 0..<inner { sum += ar[t] * b[t * cols + j] }
                c[r * cols + j] = alpha * sum + (accumulate ? c[r * cols + j] : 0)
                j += 1
            }
        }
    }

    /// P = softmax(scale·q·kᵀ + bias), out = P·v for one block.
    static func forward(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        probs p: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>,
        lq: Int, lk: Int, d: Int, e: Int, scale: Float, scratch: inout Scratch
    ) {
        if lq >= 8 {
            transpose(k, rows: lk, cols: d, into: scratch.narrowT)
            if let bias { p.update(from: bias, count: lq * lk) }
            product(q, scratch.narrowT, into: p, rows: lq, inner: d, cols: lk, alpha: scale, accumulate: bias != nil)
        } else {
            // Few queries (a greedy decoding step): Sᵀ = k·qᵀ, so the keys need no transposing.
            transpose(q, rows: lq, cols: d, into: scratch.narrowT)
            product(k, scratch.narrowT, into: scratch.blockT, rows: lk, inner: d, cols: lq, alpha: scale)
            transpose(scratch.blockT, rows: lk, cols: lq, into: p)
            if let bias { for i in 0..<(lq * lk) { p[i] += bias[i] } }
        }
        for i in 0..<lq { softmaxRow(p + i * lk, lk) }
        product(p, v, into: out, rows: lq, inner: lk, cols: e)
    }

    /// Gradients of one block from P and dOut; dScores (if given) receives dS, the gradient of the logits.
    static func backward(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        probs p: UnsafePointer<Float>, gradOut g: UnsafePointer<Float>,
        dq: UnsafeMutablePointer<Float>?, dk: UnsafeMutablePointer<Float>?, dv: UnsafeMutablePointer<Float>?,
        dScores: UnsafeMutablePointer<Float>?,
        lq: Int, lk: Int, d: Int, e: Int, scale: Float, scratch: inout Scratch
    ) {
        if let dv {
            transpose(p, rows: lq, cols: lk, into: scratch.blockT)
            product(scratch.blockT, g, into: dv, rows: lk, inner: lq, cols: e)
        }
        guard dq != nil || dk != nil || dScores != nil else { return }
        // dP = dOut·vᵀ, then dS = P ⊙ (dP − Σ_j P·dP) row by row.
        let ds = dScores ?? scratch.block
        transpose(v, rows: lk, cols: e, into: scratch.narrowT)
        product(g, scratch.narrowT, into: ds, rows: lq, inner: e, cols: lk)
        for i in 0..<lq {
            let row = ds + i * lk
            let pr = p + i * lk
            var dot: Float = 0
            for j in 0..<lk { dot += pr[j] * row[j] }
            for j in 0..<lk { row[j] = pr[j] * (row[j] - dot) }
        }
        if let dq { product(ds, k, into: dq, rows: lq, inner: lk, cols: d, alpha: scale) }
        if let dk {
            transpose(ds, rows: lq, cols: lk, into: scratch.blockT)
            product(scratch.blockT, q, into: dk, rows: lk, inner: lq, cols: d, alpha: scale)
        }
    }

    /// In-place softmax of one row, stabilized by its maximum. The reductions keep four
    /// independent accumulators and the exponentials run in a loop without calls, so the
    /// passes pipeline or vectorize.
    @inline(__always)
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, _ count: Int) {
        var m0 = -Float.infinity
        var m1 = m0
        var m2 = m0
        var m3 = m0
        var j = 0
        while j + 4 <= count {
            m0 = Swift.max(m0, row[j])
            m1 = Swift.max(m1, row[j + 1])
            m2 = Swift.max(m2, row[j + 2])
            m3 = Swift.max(m3, row[j + 3])
            j += 4
        }
        while j < count {
            m0 = Swift.max(m0, row[j])
            j += 1
        }
        let m = Swift.max(Swift.max(m0, m1), Swift.max(m2, m3))
        for t in 0..<count { row[t] = FastMath.exp(row[t] - m) }
        var s0: Float = 0
        var s1: Float = 0
        var s2: Float = 0
        var s3: Float = 0
        j = 0
        while j + 4 <= count {
            s0 += row[j]
            s1 += row[j + 1]
            s2 += row[j + 2]
            s3 += row[j + 3]
            j += 4
        }
        while j < count {
            s0 += row[j]
            j += 1
        }
        let inv = 1 / ((s0 + s1) + (s2 + s3))
        for t in 0..<count { row[t] *= inv }
    }
}
