/// The fused LSTM step, with gate order and forget bias as Haiku's `hk.LSTM`:
/// gates = x·Wx + h·Wh + b split as [i, g, f, o]; c' = σ(f + forgetBias)·c + σ(i)·tanh(g);
/// h' = σ(o)·tanh(c'). One op with a hand-written backward instead of a dozen recorded
/// ops, and two GEMMs accumulating into one buffer instead of a concatenation.
/// Shapes: x [B, I], h and c [B, H], wx [I, 4H], wh [H, 4H], b [4H]. Returns (h', c').
public func lstmCell(x: Tensor, h: Tensor, c: Tensor, wx: Tensor, wh: Tensor, b: Tensor,
                     forgetBias: Float = 1) -> (h: Tensor, c: Tensor) {
    let batch = x.shape[0], inSize = x.shape[1], hidden = h.shape[1]
    precondition(x.rank == 2 && h.shape == [batch, hidden] && c.shape == [batch, hidden]
                 && wx.shape == [inSize, 4 * hidden] && wh.shape == [hidden, 4 * hidden] && b.shape == [4 * hidden],
                 "lstmCell shapes: x \(x.shape) h \(h.shape) c \(c.shape) wx \(wx.shape) wh \(wh.shape) b \(b.shape)")
    let gates = Tensor.uninitialized([batch, 4 * hidden])
    LSTMKernels.preactivations(x: x.storage.pointer, h: h.storage.pointer, wx: wx.storage.pointer, wh: wh.storage.pointer,
                               b: b.storage.pointer, into: gates.storage.pointer, batch: batch, inSize: inSize, hidden: hidden)
    let hOut = Tensor.uninitialized([batch, hidden]), cOut = Tensor.uninitialized([batch, hidden])
    LSTMKernels.activate(gates: gates.storage.pointer, cPrev: c.storage.pointer, h: hOut.storage.pointer,
                         c: cOut.storage.pointer, batch: batch, hidden: hidden, forgetBias: forgetBias)
    let xv = x.detached, hv = h.detached, cv = c.detached, wxv = wx.detached, whv = wh.detached
    let outs = Tensor.record(.lstmCell, inputs: [x, h, c, wx, wh, b], outputs: [hOut, cOut]) { grads, needs in
        let dGates = Tensor.uninitialized([batch, 4 * hidden])
        let dcPrev = Tensor.uninitialized([batch, hidden])
        LSTMKernels.backwardStep(acts: gates.storage.pointer, cPrev: cv.storage.pointer, cNew: cOut.storage.pointer,
                                 dh: grads[0].storage.pointer, dc: grads[1].storage.pointer,
                                 dGates: dGates.storage.pointer, dcPrev: dcPrev.storage.pointer, batch: batch, hidden: hidden)
        let pg = dGates.storage.pointer
        func product(_ shape: [Int], _ body: (UnsafeMutablePointer<Float>) -> Void) -> Tensor {
            let t = Tensor.uninitialized(shape); body(t.storage.pointer); return t
        }
        let dx = needs[0] ? product([batch, inSize]) {
            BLAS.sgemm(transposeA: false, transposeB: true, m: batch, n: inSize, k: 4 * hidden, a: pg, b: wxv.storage.pointer, c: $0)
        } : nil
        let dh = needs[1] ? product([batch, hidden]) {
            BLAS.sgemm(transposeA: false, transposeB: true, m: batch, n: hidden, k: 4 * hidden, a: pg, b: whv.storage.pointer, c: $0)
        } : nil
        let dwx = needs[3] ? product([inSize, 4 * hidden]) {
            BLAS.sgemm(transposeA: true, transposeB: false, m: inSize, n: 4 * hidden, k: batch, a: xv.storage.pointer, b: pg, c: $0)
        } : nil
        let dwh = needs[4] ? product([hidden, 4 * hidden]) {
            BLAS.sgemm(transposeA: true, transposeB: false, m: hidden, n: 4 * hidden, k: batch, a: hv.storage.pointer, b: pg, c: $0)
        } : nil
        let db = needs[5] ? Kernels.sum(dGates, axis: 0) : nil
        return [dx, dh, needs[2] ? dcPrev : nil, dwx, dwh, db]
    }
    return (outs[0], outs[1])
}

/// Raw loops shared by the LSTM cell and the whole-sequence LSTM.
enum LSTMKernels {
    /// gates = b + x·Wx + h·Wh (row-broadcast bias, then two accumulating GEMMs).
    static func preactivations(x: UnsafePointer<Float>, h: UnsafePointer<Float>, wx: UnsafePointer<Float>,
                               wh: UnsafePointer<Float>, b: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>,
                               batch: Int, inSize: Int, hidden: Int) {
        let w = 4 * hidden
        for r in 0..<batch { (g + r * w).update(from: b, count: w) }
        BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: w, k: inSize, a: x, b: wx, beta: 1, c: g)
        BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: w, k: hidden, a: h, b: wh, beta: 1, c: g)
    }

    /// Turns pre-activations into [σ(i), tanh(g), σ(f+bias), σ(o)] in place and writes h', c'.
    static func activate(gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>,
                         c: UnsafeMutablePointer<Float>, batch: Int, hidden: Int, forgetBias: Float) {
        Parallel.chunks(batch, cost: hidden * 40) { s, e in
            for r in s..<e {
                let gi = gates + r * 4 * hidden, gg = gi + hidden, gf = gg + hidden, go = gf + hidden
                let cp = cPrev + r * hidden, hr = h + r * hidden, cr = c + r * hidden
                for k in 0..<hidden {
                    let i = FastMath.sigmoid(gi[k]), g = FastMath.tanh(gg[k])
                    let f = FastMath.sigmoid(gf[k] + forgetBias), o = FastMath.sigmoid(go[k])
                    gi[k] = i; gg[k] = g; gf[k] = f; go[k] = o
                    let cn = f * cp[k] + i * g
                    cr[k] = cn
                    hr[k] = o * FastMath.tanh(cn)
                }
            }
        }
    }

    /// Gradients of the pre-activations and of the previous cell, given dh' and dc'.
    static func backwardStep(acts: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, cNew: UnsafePointer<Float>,
                             dh: UnsafePointer<Float>, dc: UnsafePointer<Float>?, dGates: UnsafeMutablePointer<Float>,
                             dcPrev: UnsafeMutablePointer<Float>, batch: Int, hidden: Int) {
        Parallel.chunks(batch, cost: hidden * 30) { s, e in
            for r in s..<e {
                let ai = acts + r * 4 * hidden, ag = ai + hidden, af = ag + hidden, ao = af + hidden
                let di = dGates + r * 4 * hidden, dg = di + hidden, df = dg + hidden, dO = df + hidden
                for k in 0..<hidden {
                    let q = r * hidden + k
                    let i = ai[k], g = ag[k], f = af[k], o = ao[k]
                    let tc = FastMath.tanh(cNew[q])
                    let dhv = dh[q]
                    let dct = (dc?[q] ?? 0) + dhv * o * (1 - tc * tc)
                    dO[k] = dhv * tc * o * (1 - o)
                    di[k] = dct * g * i * (1 - i)
                    dg[k] = dct * i * (1 - g * g)
                    df[k] = dct * cPrev[q] * f * (1 - f)
                    dcPrev[q] = dct * f
                }
            }
        }
    }
}
