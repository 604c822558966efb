/// Layer normalization over the last axis: (x - mean) / sqrt(var + eps) * scale + offset,
/// with the biased variance, as Haiku's `LayerNorm` (eps 1e-5 by default).
public func layerNorm(_ x: Tensor, scale: Tensor, offset: Tensor, epsilon: Float = 1e-5) -> Tensor {
    let d = x.shape.last ?? 1
    precondition(scale.shape == [d] && offset.shape == [d], "layerNorm scale and offset must be [\(d)]")
    let rows = x.count / Swift.max(d, 1)
    let y = Tensor.uninitialized(x.shape)
    let xhat = Tensor.uninitialized(x.shape)
    let rstd = Tensor.uninitialized([rows])
    let px = x.storage.pointer
    let py = y.storage.pointer
    let ph = xhat.storage.pointer
    let pr = rstd.storage.pointer
    let pg = scale.storage.pointer
    let pb = offset.storage.pointer
    Parallel.chunks(rows, cost: d * 4) { s, e in
        for r in s..<e {
            let row = px + r * d
            var mean: Float = 0
            for i in 0..<d { mean += row[i] }
            mean /= Float(d)
            var variance: Float = 0
            for i in 0..<d {
                let c = row[i] - mean
                variance += c * c
            }
            variance /= Float(d)
            let inv = 1 / (variance + epsilon).squareRoot()
            pr[r] = inv
            for i in 0..<d {
                let h = (row[i] - mean) * inv
                ph[r * d + i] = h
                py[r * d + i] = h * pg[i] + pb[i]
            }
        }
    }
    let scaleValue = scale.detached
    return Tensor.record(.layerNorm, inputs: [x, scale, offset], output: y) { [xhat, rstd, scaleValue] g, needs in
        // Re-derived from the captured tensors so the buffers outlive the forward call.
        let ph = xhat.storage.pointer
        let pr = rstd.storage.pointer
        let pgrad = g.storage.pointer
        let psc = scaleValue.storage.pointer
        var dx: Tensor? = nil
        if needs[0] {
            let t = Tensor.uninitialized(x.shape)
            let pd = t.storage.pointer
            Parallel.chunks(rows, cost: d * 4) { s, e in
                for r in s..<e {
                    var meanD: Float = 0
                    var meanDH: Float = 0
                    for i in 0..<d {
                        let dh = pgrad[r * d + i] * psc[i]
                        meanD += dh
                        meanDH += dh * ph[r * d + i]
                    }
                    meanD /= Float(d)
                    meanDH /= Float(d)
                    for i in 0..<d {
                        let dh = pgrad[r * d + i] * psc[i]
                        pd[r * d + i] = pr[r] * (dh - meanD - ph[r * d + i] * meanDH)
                    }
                }
            }
            dx = t
        }
        var dScale: Tensor? = nil
        var dOffset: Tensor? = nil
        if needs[1] {
            let t = Tensor.zeros([d])
            let p = t.storage.pointer
            for r in 0..<rows { for i in 0..<d { p[i] += pgrad[r * d + i] * ph[r * d + i] } }
            dScale = t
        }
        if needs[2] {
            let t = Tensor.zeros([d])
            let p = t.storage.pointer
            for r in 0..<rows { for i in 0..<d { p[i] += pgrad[r * d + i] } }
            dOffset = t
        }
        return [dx, dScale, dOffset]
    }
}
