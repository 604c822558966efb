/// The fused LSTM step, with gate order and forget bias as Haiku's `hk.LSTM`:
/// gates = x·Wx + h·Wh + b split as [i, g, f, o]; c' = σ(f + forgetBias)·c + σ(i)·tanh(g);
/// h' = σ(o)·tanh(c'). One op with a hand-written backward instead of a dozen recorded
/// ops, and two GEMMs accumulating into one buffer instead of a concatenation.
/// Shapes: x [B, I], h and c [B, H], wx [I, 4H], wh [H, 4H], b [4H]. Returns (h', c').
public func lstmCell(
    x: Tensor, h: Tensor, c: Tensor, wx: Tensor, wh: Tensor, b: Tensor,
    forgetBias: Float = 1
) -> (h: Tensor, c: Tensor) {
    let batch = x.shape[0]
    let inSize = x.shape[1]
    let hidden = h.shape[1]
    precondition(
        x.rank == 2 && h.shape == [batch, hidden] && c.shape == [batch, hidden]
            && wx.shape == [inSize, 4 * hidden] && wh.shape == [hidden, 4 * hidden] && b.shape == [4 * hidden],
        "lstmCell shapes: x \(x.shape) h \(h.shape) c \(c.shape) wx \(wx.shape) wh \(wh.shape) b \(b.shape)")
    let gates = Tensor.uninitialized([batch, 4 * hidden])
    LSTMKernels.preactivations(
        x: x.storage.pointer, h: h.storage.pointer, wx: wx.storage.pointer, wh: wh.storage.pointer,
        b: b.storage.pointer, into: gates.storage.pointer, batch: batch, inSize: inSize, hidden: hidden)
    let hOut = Tensor.uninitialized([batch, hidden])
    let cOut = Tensor.uninitialized([batch, hidden])
    LSTMKernels.activate(
        acts: gates.storage.pointer, actStride: 4 * hidden, cPrev: c.storage.pointer, cPrevStride: hidden,
        h: hOut.storage.pointer, c: cOut.storage.pointer, stateStride: hidden,
        batch: batch, hidden: hidden, forgetBias: forgetBias)
    let xv = x.detached
    let hv = h.detached
    let cv = c.detached
    let wxv = wx.detached
    let whv = wh.detached
    let outs = Tensor.record(.lstmCell, inputs: [x, h, c, wx, wh, b], outputs: [hOut, cOut]) { grads, needs in
        let dGates = Tensor.uninitialized([batch, 4 * hidden])
        let dcPrev = Tensor.uninitialized([batch, hidden])
        // The step kernel turns dc' into the gradient of the previous cell in place.
        dcPrev.storage.pointer.update(from: grads[1].storage.pointer, count: batch * hidden)
        LSTMKernels.backwardStep(
            acts: gates.storage.pointer, actStride: 4 * hidden, cPrev: cv.storage.pointer, cPrevStride: hidden,
            cNew: cOut.storage.pointer, stateStride: hidden, dh: grads[0].storage.pointer,
            dc: dcPrev.storage.pointer, dGates: dGates.storage.pointer, batch: batch, hidden: hidden)
        let pg = dGates.storage.pointer
        func product(_ shape: [Int], _ body: (UnsafeMutablePointer<Float>) -> Void) -> Tensor {
            let t = Tensor.uninitialized(shape)
            body(t.storage.pointer)
            return t
        }
        let dx =
            needs[0]
            ? product([batch, inSize]) {
                BLAS.sgemm(
                    transposeA: false, transposeB: true, m: batch, n: inSize, k: 4 * hidden, a: pg,
                    b: wxv.storage.pointer, c: $0)
            } : nil
        let dh =
            needs[1]
            ? product([batch, hidden]) {
                BLAS.sgemm(
                    transposeA: false, transposeB: true, m: batch, n: hidden, k: 4 * hidden, a: pg,
                    b: whv.storage.pointer, c: $0)
            } : nil
        let dwx =
            needs[3]
            ? product([inSize, 4 * hidden]) {
                BLAS.sgemm(
                    transposeA: true, transposeB: false, m: inSize, n: 4 * hidden, k: batch, a: xv.storage.pointer,
                    b: pg, c: $0)
            } : nil
        let dwh =
            needs[4]
            ? product([hidden, 4 * hidden]) {
                BLAS.sgemm(
                    transposeA: true, transposeB: false, m: hidden, n: 4 * hidden, k: batch, a: hv.storage.pointer,
                    b: pg, c: $0)
            } : nil
        let db = needs[5] ? Kernels.sum(dGates, axis: 0) : nil
        return [dx, dh, needs[2] ? dcPrev : nil, dwx, dwh, db]
    }
    return (outs[0], outs[1])
}

/// Raw loops shared by the LSTM cell and the whole-sequence LSTM (the step loops, with
/// strides, are in LSTMSequence.swift).
enum LSTMKernels {
    /// gates = b + x·Wx + h·Wh (row-broadcast bias, then two accumulating GEMMs).
    static func preactivations(
        x: UnsafePointer<Float>, h: UnsafePointer<Float>, wx: UnsafePointer<Float>,
        wh: UnsafePointer<Float>, b: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>,
        batch: Int, inSize: Int, hidden: Int
    ) {
        let w = 4 * hidden
        for r in 0..<batch { (g + r * w).update(from: b, count: w) }
        BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: w, k: inSize, a: x, b: wx, beta: 1, c: g)
        BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: w, k: hidden, a: h, b: wh, beta: 1, c: g)
    }
}
