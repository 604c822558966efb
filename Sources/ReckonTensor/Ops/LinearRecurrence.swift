/// The diagonal linear recurrence h_t = a_t ⊙ h_{t−1} + b_t (h_{−1} = 0) along one axis, as one op.
///
/// Mamba's selective scan and `linear_rnn` are this recurrence on [B, T, …] tensors. Written with
/// per-step tensor ops it records T graph nodes, each with its own buffers; as one op the forward
/// is a single pass that walks time and keeps every lane of a step (batch × channels × state)
/// contiguous, so the inner loop vectorizes, and the backward is one reverse pass:
/// with ĝ_t = g_t + a_{t+1} ⊙ ĝ_{t+1}, ∂b_t = ĝ_t and ∂a_t = ĝ_t ⊙ h_{t−1}.
/// On a CPU a log-depth (Blelloch) scan would do about twice the work for no gain: the lanes
/// already fill the vector units and the cores (`Parallel.chunks` over the outer axes).
public func linearRecurrence(_ a: Tensor, _ b: Tensor, axis: Int) -> Tensor {
    precondition(a.shape == b.shape, "linearRecurrence needs equal shapes, got \(a.shape) and \(b.shape)")
    let ax = Shape.axis(axis, rank: a.rank)
    let (outer, steps, lanes) = Shape.split(a.shape, at: ax)
    let av = a.detached
    let h = Tensor.uninitialized(a.shape)
    let pa = a.storage.pointer
    let pb = b.storage.pointer
    let ph = h.storage.pointer
    Parallel.chunks(steps == 0 ? 0 : outer, cost: steps * lanes) { start, end in
        for o in start..<end {
            let base = o * steps * lanes
            for i in 0..<lanes { ph[base + i] = pb[base + i] }
            for t in 1..<max(steps, 1) {
                let row = base + t * lanes
                let previous = row - lanes
                for i in 0..<lanes { ph[row + i] = pa[row + i] * ph[previous + i] + pb[row + i] }
            }
        }
    }
    let hv = h.detached
    return Tensor.record(.linearRecurrence, inputs: [a, b], output: h) { g, needs in
        let dh = Tensor.uninitialized(a.shape)
        let pg = g.storage.pointer
        let pd = dh.storage.pointer
        let pav = av.storage.pointer
        Parallel.chunks(steps == 0 ? 0 : outer, cost: steps * lanes) { start, end in
            for o in start..<end {
                let base = o * steps * lanes
                let last = base + (steps - 1) * lanes
                for i in 0..<lanes { pd[last + i] = pg[last + i] }
                for t in stride(from: steps - 2, through: 0, by: -1) {
                    let row = base + t * lanes
                    let next = row + lanes
                    for i in 0..<lanes { pd[row + i] = pg[row + i] + pav[next + i] * pd[next + i] }
                }
            }
        }
        var da: Tensor? = nil
        if needs[0] {
            let t = Tensor.zeros(a.shape)
            let pt = t.storage.pointer
            let phv = hv.storage.pointer
            Parallel.chunks(outer, cost: steps * lanes) { start, end in
                for o in start..<end {
                    let base = o * steps * lanes
                    for s in 1..<max(steps, 1) {
                        let row = base + s * lanes
                        for i in 0..<lanes { pt[row + i] = pd[row + i] * phv[row - lanes + i] }
                    }
                }
            }
            da = t
        }
        return [da, needs[1] ? dh : nil]
    }
}
