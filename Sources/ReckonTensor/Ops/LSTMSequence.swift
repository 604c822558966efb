import CReckonKernels

/// A whole LSTM layer over a sequence as one op (same cell as `lstmCell`).
///
/// Why: recording T cells costs T nodes and, worse, 2T small weight-gradient GEMMs. Here the
/// input projection of all steps is one GEMM, the backward pass accumulates the gate
/// gradients of every step into one [B·T, 4H] buffer, and dWx, dWh and dx are one GEMM each.
/// Only the recurrent h·Wh products stay per step, as they must.
/// Shapes: x [B, T, I], h0 and c0 [B, H], wx [I, 4H], wh [H, 4H], b [4H].
/// Returns every hidden state [B, T, H] and the last cell state [B, H].
public func lstmSequence(
    x: Tensor, h0: Tensor, c0: Tensor, wx: Tensor, wh: Tensor, b: Tensor,
    forgetBias: Float = 1
) -> (hs: Tensor, c: Tensor) {
    let batch = x.shape[0]
    let steps = x.shape[1]
    let inSize = x.shape[2]
    let hidden = h0.shape[1]
    let w4 = 4 * hidden
    let rowStride = steps * w4
    let hStride = steps * hidden
    precondition(
        x.rank == 3 && h0.shape == [batch, hidden] && c0.shape == [batch, hidden]
            && wx.shape == [inSize, w4] && wh.shape == [hidden, w4] && b.shape == [w4] && steps > 0,
        "lstmSequence shapes: x \(x.shape) h0 \(h0.shape) c0 \(c0.shape) wx \(wx.shape) wh \(wh.shape) b \(b.shape)")
    if ![x, h0, c0, wx, wh, b].contains(where: \.requiresGradient) {
        return lstmSequenceForward(x: x, h0: h0, c0: c0, wx: wx, wh: wh, b: b, forgetBias: forgetBias)
    }
    let xv = x.detached
    let h0v = h0.detached
    let c0v = c0.detached
    let wxv = wx.detached
    let whv = wh.detached
    // acts[b, t] holds the activated gates of step t; cs[b, t] the cell state after step t.
    let acts = Tensor.uninitialized([batch, steps, w4])
    let hs = Tensor.uninitialized([batch, steps, hidden])
    let cs = Tensor.uninitialized([batch, steps, hidden])
    let ap = acts.storage.pointer
    let hsp = hs.storage.pointer
    let csp = cs.storage.pointer
    for r in 0..<batch * steps { (ap + r * w4).update(from: b.storage.pointer, count: w4) }
    BLAS.sgemm(
        transposeA: false, transposeB: false, m: batch * steps, n: w4, k: inSize,
        a: xv.storage.pointer, b: wxv.storage.pointer, beta: 1, c: ap)
    for t in 0..<steps {
        let hPrev = t == 0 ? UnsafePointer(h0v.storage.pointer) : UnsafePointer(hsp + (t - 1) * hidden)
        let hPrevStride = t == 0 ? hidden : hStride
        BLAS.sgemm(
            transposeA: false, transposeB: false, m: batch, n: w4, k: hidden, a: hPrev, b: whv.storage.pointer,
            beta: 1, c: ap + t * w4, lda: hPrevStride, ldc: rowStride)
        LSTMKernels.activate(
            acts: ap + t * w4, actStride: rowStride,
            cPrev: t == 0 ? c0v.storage.pointer : csp + (t - 1) * hidden,
            cPrevStride: t == 0 ? hidden : hStride,
            h: hsp + t * hidden, c: csp + t * hidden, stateStride: hStride,
            batch: batch, hidden: hidden, forgetBias: forgetBias)
    }
    let cLast = Tensor.uninitialized([batch, hidden])
    for r in 0..<batch {
        (cLast.storage.pointer + r * hidden).update(from: csp + r * hStride + (steps - 1) * hidden, count: hidden)
    }

    let outs = Tensor.record(.lstmSequence, inputs: [x, h0, c0, wx, wh, b], outputs: [hs, cLast]) {
        [acts, hs, cs, xv, h0v, c0v, wxv, whv] grads, needs in
        // Raw pointers below point into these captured tensors, which the capture list keeps alive.
        let ap = acts.storage.pointer
        let hsp = hs.storage.pointer
        let csp = cs.storage.pointer
        let dGates = Tensor.uninitialized([batch, steps, w4])
        let dgp = dGates.storage.pointer
        let dhsp = grads[0].storage.pointer
        // Running gradients flowing into h_{t} and c_{t} from later steps.
        let dh = Tensor.uninitialized([batch, hidden])
        let dc = Tensor.uninitialized([batch, hidden])
        let dhp = dh.storage.pointer
        let dcp = dc.storage.pointer
        dcp.update(from: grads[1].storage.pointer, count: batch * hidden)
        for r in 0..<batch {
            dhp.advanced(by: r * hidden).update(from: dhsp + r * hStride + (steps - 1) * hidden, count: hidden)
        }
        for t in stride(from: steps - 1, through: 0, by: -1) {
            LSTMKernels.backwardStep(
                acts: ap + t * w4, actStride: rowStride,
                cPrev: t == 0 ? c0v.storage.pointer : csp + (t - 1) * hidden,
                cPrevStride: t == 0 ? hidden : hStride,
                cNew: csp + t * hidden, stateStride: hStride,
                dh: dhp, dc: dcp, dGates: dgp + t * w4, batch: batch, hidden: hidden)
            // dh_{t-1} = dGates_t · Whᵀ + the loss gradient arriving directly at h_{t-1}.
            if t > 0 {
                for r in 0..<batch {
                    (dhp + r * hidden).update(from: dhsp + r * hStride + (t - 1) * hidden, count: hidden)
                }
                BLAS.sgemm(
                    transposeA: false, transposeB: true, m: batch, n: hidden, k: w4, a: dgp + t * w4,
                    b: whv.storage.pointer, beta: 1, c: dhp, lda: rowStride)
            } else if needs[1] {
                BLAS.sgemm(
                    transposeA: false, transposeB: true, m: batch, n: hidden, k: w4, a: dgp,
                    b: whv.storage.pointer, c: dhp, lda: rowStride)
            }
        }
        var dx: Tensor? = nil
        var dwx: Tensor? = nil
        var dwh: Tensor? = nil
        if needs[0] {
            let t = Tensor.uninitialized([batch, steps, inSize])
            BLAS.sgemm(
                transposeA: false, transposeB: true, m: batch * steps, n: inSize, k: w4, a: dgp,
                b: wxv.storage.pointer, c: t.storage.pointer)
            dx = t
        }
        if needs[3] {
            let t = Tensor.uninitialized([inSize, w4])
            BLAS.sgemm(
                transposeA: true, transposeB: false, m: inSize, n: w4, k: batch * steps, a: xv.storage.pointer,
                b: dgp, c: t.storage.pointer)
            dwx = t
        }
        if needs[4] {
            // Rows of hPrev are h_{t-1} for every (b, t): h0 at t = 0, else the previous output.
            let hPrev = Tensor.uninitialized([batch, steps, hidden])
            let pp = hPrev.storage.pointer
            for r in 0..<batch {
                (pp + r * hStride).update(from: h0v.storage.pointer + r * hidden, count: hidden)
                if steps > 1 {
                    (pp + r * hStride + hidden).update(from: hsp + r * hStride, count: (steps - 1) * hidden)
                }
            }
            let t = Tensor.uninitialized([hidden, w4])
            BLAS.sgemm(
                transposeA: true, transposeB: false, m: hidden, n: w4, k: batch * steps, a: pp, b: dgp,
                c: t.storage.pointer)
            dwh = t
        }
        let db = needs[5] ? Kernels.sum(dGates.withShape([batch * steps, w4]), axis: 0) : nil
        return [dx, needs[1] ? dh : nil, needs[2] ? dc : nil, dwx, dwh, db]
    }
    return (outs[0], outs[1])
}

/// `lstmSequence` without gradients (evaluation): the same numbers, but the gates of one step
/// at a time instead of all T, so memory stays [B, 4H] rather than [B, T, 4H] (131 MB at
/// batch 64, length 500) and the gate buffer stays in cache. The input projection is added
/// per step, in the same order as the training path (bias, + x·Wx, + h·Wh), so every value is
/// bit-identical to it.
func lstmSequenceForward(
    x: Tensor, h0: Tensor, c0: Tensor, wx: Tensor, wh: Tensor, b: Tensor,
    forgetBias: Float
) -> (hs: Tensor, c: Tensor) {
    let batch = x.shape[0]
    let steps = x.shape[1]
    let inSize = x.shape[2]
    let hidden = h0.shape[1]
    let w4 = 4 * hidden
    let hStride = steps * hidden
    let acts = Tensor.uninitialized([batch, w4])
    let hs = Tensor.uninitialized([batch, steps, hidden])
    let cA = Tensor.uninitialized([batch, hidden])
    let cB = Tensor.uninitialized([batch, hidden])
    let ap = acts.storage.pointer
    let hsp = hs.storage.pointer
    let bp = b.storage.pointer
    var cPrev = UnsafePointer(c0.storage.pointer)
    var cNext = cA.storage.pointer
    for t in 0..<steps {
        for r in 0..<batch { (ap + r * w4).update(from: bp, count: w4) }
        BLAS.sgemm(
            transposeA: false, transposeB: false, m: batch, n: w4, k: inSize, a: x.storage.pointer + t * inSize,
            b: wx.storage.pointer, beta: 1, c: ap, lda: steps * inSize)
        let hPrev = t == 0 ? UnsafePointer(h0.storage.pointer) : UnsafePointer(hsp + (t - 1) * hidden)
        BLAS.sgemm(
            transposeA: false, transposeB: false, m: batch, n: w4, k: hidden, a: hPrev, b: wh.storage.pointer,
            beta: 1, c: ap, lda: t == 0 ? hidden : hStride)
        LSTMKernels.activate(
            acts: ap, actStride: w4, cPrev: cPrev, cPrevStride: hidden, h: hsp + t * hidden, c: cNext,
            stateStride: hStride, cStride: hidden, batch: batch, hidden: hidden, forgetBias: forgetBias)
        cPrev = UnsafePointer(cNext)
        cNext = cNext == cA.storage.pointer ? cB.storage.pointer : cA.storage.pointer
    }
    let cLast = Tensor.uninitialized([batch, hidden])
    cLast.storage.pointer.update(from: cPrev, count: batch * hidden)
    return (hs, cLast)
}

/// The LSTM step loops, strided so they read one time step out of [B, T, ·] buffers; the
/// single cell calls them with unit strides.
extension LSTMKernels {
    // The loops are C (CReckonKernels), compiled per vector level: Swift compiled for baseline
    // x86-64 ran them on four lanes (perf, LSTM-256 training step on an AVX-512 machine:
    // activation and backward 18% of the CPU samples). Written per element over seven pointers,
    // the Swift compiler could not prove the pointers apart either. Results are bit-identical to
    // FastMath's scalar functions (FastMathTests).

    /// Turns pre-activations into [σ(i), tanh(g), σ(f+bias), σ(o)] in place and writes h', c'.
    static func activate(
        acts: UnsafeMutablePointer<Float>, actStride: Int, cPrev: UnsafePointer<Float>, cPrevStride: Int,
        h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, stateStride: Int,
        cStride: Int? = nil, batch: Int, hidden: Int, forgetBias: Float
    ) {
        Parallel.chunks(batch, cost: hidden * 12) { s, e in
            reckon_lstm_activate(
                acts, actStride, cPrev, cPrevStride, h, stateStride, c, cStride ?? stateStride, s, e, hidden,
                forgetBias)
        }
    }

    /// Writes the gate gradients of one step and replaces dc with the gradient of the previous cell.
    static func backwardStep(
        acts: UnsafePointer<Float>, actStride: Int, cPrev: UnsafePointer<Float>, cPrevStride: Int,
        cNew: UnsafePointer<Float>, stateStride: Int, dh: UnsafePointer<Float>,
        dc: UnsafeMutablePointer<Float>, dGates: UnsafeMutablePointer<Float>, batch: Int, hidden: Int
    ) {
        Parallel.chunks(batch, cost: hidden * 8) { s, e in
            reckon_lstm_backward_step(
                acts, actStride, cPrev, cPrevStride, cNew, stateStride, dh, dc, dGates, s, e, hidden)
        }
    }
}
