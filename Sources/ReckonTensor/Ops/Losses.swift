import Foundation

/// Weighted softmax cross-entropy. `logits` is [..., C]; `labels` has one class id per
/// row (the product of the leading axes). The result is the scalar Σ_r w_r · CE_r, with
/// `weights` defaulting to 1/rows (the mean). A weight of 0 masks a row; its label may
/// then be anything, including -1.
public func softmaxCrossEntropy(logits: Tensor, labels: [Int], weights: [Float]? = nil) -> Tensor {
    let c = logits.shape.last ?? 1
    let rows = logits.count / Swift.max(c, 1)
    precondition(labels.count == rows, "softmaxCrossEntropy needs \(rows) labels, got \(labels.count)")
    let w = weights ?? [Float](repeating: 1 / Float(Swift.max(rows, 1)), count: rows)
    precondition(w.count == rows, "softmaxCrossEntropy needs \(rows) weights, got \(w.count)")
    for r in 0..<rows where w[r] != 0 {
        precondition(labels[r] >= 0 && labels[r] < c, "label \(labels[r]) out of range 0..<\(c)")
    }
    let (logp, _) = Softmax.forward(logits, axis: logits.rank - 1, log: true)
    let pl = logp.storage.pointer
    var total: Float = 0
    for r in 0..<rows where w[r] != 0 { total -= w[r] * pl[r * c + labels[r]] }
    return Tensor.record(.softmaxCrossEntropy, inputs: [logits], output: Tensor(scalar: total)) { [logp] g, _ in
        // Re-derived from the captured tensor so the buffer outlives the forward call.
        let pl = logp.storage.pointer
        let scale = g.item
        let dx = Tensor.uninitialized(logits.shape)
        let pd = dx.storage.pointer
        for r in 0..<rows {
            let wr = w[r] * scale
            for k in 0..<c { pd[r * c + k] = wr == 0 ? 0 : wr * FastMath.exp(pl[r * c + k]) }
            if wr != 0 { pd[r * c + labels[r]] -= wr }
        }
        return [dx]
    }
}

/// Weighted binary cross-entropy on logits: Σ_i w_i (max(x,0) - x t + log(1 + e^-|x|)),
/// stable for any logit. `weights` defaults to 1/count (the mean); targets may be soft.
public func binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor, weights: [Float]? = nil) -> Tensor {
    precondition(logits.shape == targets.shape, "logits \(logits.shape) and targets \(targets.shape) differ")
    let n = logits.count
    let w = weights ?? [Float](repeating: 1 / Float(Swift.max(n, 1)), count: n)
    precondition(w.count == n, "binaryCrossEntropyWithLogits needs \(n) weights, got \(w.count)")
    let px = logits.storage.pointer
    let pt = targets.storage.pointer
    var total: Float = 0
    for i in 0..<n where w[i] != 0 {
        let x = px[i]
        total += w[i] * (Swift.max(x, 0) - x * pt[i] + Foundation.log1p(Foundation.exp(-Swift.abs(x))))
    }
    let xv = logits.detached
    let tv = targets.detached
    return Tensor.record(.binaryCrossEntropyWithLogits, inputs: [logits, targets], output: Tensor(scalar: total)) {
        g, needs in
        let scale = g.item
        let pxv = xv.storage.pointer
        let ptv = tv.storage.pointer
        var dx: Tensor? = nil
        var dt: Tensor? = nil
        if needs[0] {
            let t = Tensor.uninitialized(xv.shape)
            let p = t.storage.pointer
            for i in 0..<n { p[i] = w[i] * scale * (1 / (1 + Foundation.exp(-pxv[i])) - ptv[i]) }
            dx = t
        }
        if needs[1] {
            let t = Tensor.uninitialized(tv.shape)
            let p = t.storage.pointer
            for i in 0..<n { p[i] = -w[i] * scale * pxv[i] }
            dt = t
        }
        return [dx, dt]
    }
}
