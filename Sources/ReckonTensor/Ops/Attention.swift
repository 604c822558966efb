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
    precondition(q.rank == 3 && k.rank == 3 && v.rank == 3, "attention needs rank-3 q, k, v, got \(q.shape) \(k.shape) \(v.shape)")
    let n = q.shape[0], lq = q.shape[1], d = q.shape[2], lk = k.shape[1], e = v.shape[2]
    precondition(k.shape == [n, lk, d] && v.shape[0] == n && v.shape[1] == lk,
                 "attention shapes: q \(q.shape) k \(k.shape) v \(v.shape)")
    let groups = bias?.shape[0] ?? 1
    if let bias {
        precondition(bias.rank == 3 && bias.shape[1] == lq && bias.shape[2] == lk && groups > 0 && n % groups == 0,
                     "attention bias must be [G, \(lq), \(lk)] with G dividing \(n), got \(bias.shape)")
    }
    let qv = q.detached, kv = k.detached, vv = v.detached
    let probs = Tensor.uninitialized([n, lq, lk])
    let out = Tensor.uninitialized([n, lq, e])
    let qp = qv.storage.pointer, kp = kv.storage.pointer, vp = vv.storage.pointer
    let pp = probs.storage.pointer, op = out.storage.pointer
    let bp = bias?.storage.pointer
    let block = lq * lk
    Parallel.chunks(n, cost: block * (d + e + 8)) { s, end in
        var scratch = AttentionKernels.Scratch(lq: lq, lk: lk, width: Swift.max(d, e))
        defer { scratch.release() }
        for b in s..<end {
            AttentionKernels.forward(q: qp + b * lq * d, k: kp + b * lk * d, v: vp + b * lk * e,
                                     bias: bp.map { UnsafePointer($0 + (b % groups) * block) },
                                     probs: pp + b * block, out: op + b * lq * e,
                                     lq: lq, lk: lk, d: d, e: e, scale: scale, scratch: &scratch)
        }
    }
    let inputs = bias.map { [q, k, v, $0] } ?? [q, k, v]
    return Tensor.record(.attention, inputs: inputs, output: out) { [probs, qv, kv, vv] g, needs in
        // Raw pointers below point into these captured tensors, which the capture list keeps alive.
        let pp = probs.storage.pointer, qp = qv.storage.pointer, kp = kv.storage.pointer, vp = vv.storage.pointer
        let gp = g.storage.pointer
        let needsBias = needs.count > 3 && needs[3]
        let dq = needs[0] ? Tensor.uninitialized([n, lq, d]) : nil
        let dk = needs[1] ? Tensor.uninitialized([n, lk, d]) : nil
        let dv = needs[2] ? Tensor.uninitialized([n, lk, e]) : nil
        // dS of every block when the bias needs it (summed per group below), else per-chunk scratch.
        let dScores = needsBias ? Tensor.uninitialized([n, lq, lk]) : nil
        let dqp = dq?.storage.pointer, dkp = dk?.storage.pointer, dvp = dv?.storage.pointer
        let dsp = dScores?.storage.pointer
        Parallel.chunks(n, cost: block * (2 * d + 2 * e + 8)) { s, end in
            var scratch = AttentionKernels.Scratch(lq: lq, lk: lk, width: Swift.max(d, e))
            defer { scratch.release() }
            for b in s..<end {
                AttentionKernels.backward(q: qp + b * lq * d, k: kp + b * lk * d, v: vp + b * lk * e,
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
                    let src = dsp + b * block, dst = tp + (b % groups) * block
                    for i in 0..<block { dst[i] += src[i] }
                }
                dBias = t
            }
        }
        return [dq, dk, dv] + (needs.count > 3 ? [dBias] : [])
    }
}

/// The per-block loops. Every product is written as row updates y += a·x over a long
/// contiguous row (keys or queries), which the compiler vectorizes; per-block BLAS calls on
/// [80 × 8] operands cost more in call overhead than the arithmetic.
enum AttentionKernels {
    /// Per-thread buffers for transposed operands.
    struct Scratch {
        let keysT: UnsafeMutablePointer<Float>     // [width, Lk]
        let queriesT: UnsafeMutablePointer<Float>  // [width, Lq]
        let blockT: UnsafeMutablePointer<Float>    // [Lk, Lq]
        let block: UnsafeMutablePointer<Float>     // [Lq, Lk]
        init(lq: Int, lk: Int, width: Int) {
            keysT = .allocate(capacity: width * lk); queriesT = .allocate(capacity: width * lq)
            blockT = .allocate(capacity: lq * lk); block = .allocate(capacity: lq * lk)
        }
        func release() { keysT.deallocate(); queriesT.deallocate(); blockT.deallocate(); block.deallocate() }
    }

    @inline(__always)
    static func axpy(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ a: Float, _ count: Int) {
        for t in 0..<count { y[t] += a * x[t] }
    }

    /// dst[c·rows + r] = src[r·cols + c].
    @inline(__always)
    static func transpose(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { for c in 0..<cols { dst[c * rows + r] = src[r * cols + c] } }
    }

    /// P = softmax(scale·q·kᵀ + bias), out = P·v for one block.
    static func forward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        probs p: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>,
                        lq: Int, lk: Int, d: Int, e: Int, scale: Float, scratch: inout Scratch) {
        transpose(k, rows: lk, cols: d, into: scratch.keysT)
        for i in 0..<lq {
            let row = p + i * lk
            if let bias { row.update(from: bias + i * lk, count: lk) } else { row.update(repeating: 0, count: lk) }
            for c in 0..<d { axpy(row, scratch.keysT + c * lk, scale * q[i * d + c], lk) }
            softmaxRow(row, lk)
        }
        // outᵀ[c, :] = Σ_j v[j, c]·Pᵀ[j, :].
        transpose(p, rows: lq, cols: lk, into: scratch.blockT)
        let outT = scratch.queriesT
        outT.update(repeating: 0, count: e * lq)
        for j in 0..<lk { for c in 0..<e { axpy(outT + c * lq, scratch.blockT + j * lq, v[j * e + c], lq) } }
        transpose(outT, rows: e, cols: lq, into: out)
    }

    /// Gradients of one block from P and dOut; dScores (if given) receives dS, the gradient of the logits.
    static func backward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                         probs p: UnsafePointer<Float>, gradOut g: UnsafePointer<Float>,
                         dq: UnsafeMutablePointer<Float>?, dk: UnsafeMutablePointer<Float>?, dv: UnsafeMutablePointer<Float>?,
                         dScores: UnsafeMutablePointer<Float>?,
                         lq: Int, lk: Int, d: Int, e: Int, scale: Float, scratch: inout Scratch) {
        if let dv {
            // dvᵀ[c, :] = Σ_i dOut[i, c]·P[i, :].
            let dvT = scratch.keysT
            dvT.update(repeating: 0, count: e * lk)
            for i in 0..<lq { for c in 0..<e { axpy(dvT + c * lk, p + i * lk, g[i * e + c], lk) } }
            transpose(dvT, rows: e, cols: lk, into: dv)
        }
        guard dq != nil || dk != nil || dScores != nil else { return }
        // dP[i, :] = Σ_c dOut[i, c]·vᵀ[c, :]; then dS = P ⊙ (dP − Σ_j P·dP) per row.
        let ds = dScores ?? scratch.block
        transpose(v, rows: lk, cols: e, into: scratch.keysT)
        for i in 0..<lq {
            let row = ds + i * lk, pr = p + i * lk
            row.update(repeating: 0, count: lk)
            for c in 0..<e { axpy(row, scratch.keysT + c * lk, g[i * e + c], lk) }
            var dot: Float = 0
            for j in 0..<lk { dot += pr[j] * row[j] }
            for j in 0..<lk { row[j] = pr[j] * (row[j] - dot) }
        }
        if let dk {
            // dkᵀ[c, :] = scale·Σ_i q[i, c]·dS[i, :].
            let dkT = scratch.keysT
            dkT.update(repeating: 0, count: d * lk)
            for i in 0..<lq { for c in 0..<d { axpy(dkT + c * lk, ds + i * lk, scale * q[i * d + c], lk) } }
            transpose(dkT, rows: d, cols: lk, into: dk)
        }
        if let dq {
            // dqᵀ[c, :] = scale·Σ_j k[j, c]·dSᵀ[j, :].
            transpose(ds, rows: lq, cols: lk, into: scratch.blockT)
            let dqT = scratch.queriesT
            dqT.update(repeating: 0, count: d * lq)
            for j in 0..<lk { for c in 0..<d { axpy(dqT + c * lq, scratch.blockT + j * lq, scale * k[j * d + c], lq) } }
            transpose(dqT, rows: d, cols: lq, into: dq)
        }
    }

    /// In-place softmax of one row, stabilized by its maximum. The reductions keep four
    /// independent accumulators and the exponentials run in a loop without calls, so the
    /// passes pipeline or vectorize.
    @inline(__always)
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, _ count: Int) {
        var m0 = -Float.infinity, m1 = m0, m2 = m0, m3 = m0
        var j = 0
        while j + 4 <= count {
            m0 = Swift.max(m0, row[j]); m1 = Swift.max(m1, row[j + 1])
            m2 = Swift.max(m2, row[j + 2]); m3 = Swift.max(m3, row[j + 3])
            j += 4
        }
        while j < count { m0 = Swift.max(m0, row[j]); j += 1 }
        let m = Swift.max(Swift.max(m0, m1), Swift.max(m2, m3))
        for t in 0..<count { row[t] = expOfNonPositive(row[t] - m) }
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        j = 0
        while j + 4 <= count { s0 += row[j]; s1 += row[j + 1]; s2 += row[j + 2]; s3 += row[j + 3]; j += 4 }
        while j < count { s0 += row[j]; j += 1 }
        let inv = 1 / ((s0 + s1) + (s2 + s3))
        for t in 0..<count { row[t] *= inv }
    }

    /// e^x for x ≤ 0 with `FastMath.exp`'s range reduction and polynomial (the same values), but
    /// rounding n by adding and subtracting 1.5·2²³: `rounded(.toNearestOrEven)` is a call to
    /// rintf on baseline x86-64, which costs more than the polynomial and blocks vectorization.
    @inline(__always)
    static func expOfNonPositive(_ xIn: Float) -> Float {
        let x = Swift.max(xIn, -87.33654)
        let shifted = x * 1.442695041 + 12_582_912
        let n = shifted - 12_582_912
        var r = x - n * 0.693359375
        r = r + n * 2.12194440e-4
        let r2 = r * r
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r2 + r + 1
        // n ∈ [−126, 0]: 2^n is one exponent field, read from the low bits of `shifted`.
        let ni = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        return p * Float(bitPattern: UInt32(bitPattern: (ni &+ 127) << 23))
    }
}
