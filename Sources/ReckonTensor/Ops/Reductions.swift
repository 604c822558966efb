import Foundation

/// Reductions along one axis, and the softmax family.
extension Tensor {
    /// Sum along an axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let y = Kernels.sum(self, axis: ax, keepDims: keepDims)
        var kept = shape
        kept[ax] = 1
        let inShape = shape
        return Tensor.record(.sum, inputs: [self], output: y) { g, _ in
            [Kernels.expand(g.withShape(kept), to: inShape)]
        }
    }

    /// Sum of all elements, as a scalar.
    public func sum() -> Tensor { reshaped([count]).sum(axis: 0) }

    /// Mean along an axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let n = Float(shape[ax])
        let y = Kernels.map(Kernels.sum(self, axis: ax, keepDims: keepDims)) { $0 / n }
        var kept = shape
        kept[ax] = 1
        let inShape = shape
        return Tensor.record(.mean, inputs: [self], output: y) { g, _ in
            [Kernels.map(Kernels.expand(g.withShape(kept), to: inShape)) { $0 / n }]
        }
    }

    /// Mean of all elements, as a scalar.
    public func mean() -> Tensor { reshaped([count]).mean(axis: 0) }

    /// Maximum along an axis; the gradient goes to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let (y, indices) = Kernels.max(self, axis: ax, keepDims: keepDims)
        let (outer, n, inner) = Shape.split(shape, at: ax)
        let inShape = shape
        return Tensor.record(.max, inputs: [self], output: y) { g, _ in
            let dx = Tensor.zeros(inShape)
            let pg = g.storage.pointer
            let pd = dx.storage.pointer
            for o in 0..<outer {
                for i in 0..<inner { pd[(o * n + indices[o * inner + i]) * inner + i] = pg[o * inner + i] }
            }
            return [dx]
        }
    }

    /// log Σ exp(x) along an axis, stabilized by the maximum.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let (sm, lse) = Softmax.forward(self, axis: ax, log: false)
        var kept = shape
        kept[ax] = 1
        let y = keepDims ? lse : lse.withShape(Array(kept.enumerated().filter { $0.offset != ax }.map(\.element)))
        let inShape = shape
        return Tensor.record(.logSumExp, inputs: [self], output: y) { g, _ in
            [Kernels.zip(Kernels.expand(g.withShape(kept), to: inShape), sm, *)]
        }
    }

    /// Softmax along an axis.
    public func softmax(axis: Int = -1) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let (y, _) = Softmax.forward(self, axis: ax, log: false)
        var kept = shape
        kept[ax] = 1
        let inShape = shape
        return Tensor.record(.softmax, inputs: [self], output: y) { g, _ in
            let gy = Kernels.zip(g, y, *)
            let s = Kernels.expand(Kernels.sum(gy, axis: ax, keepDims: true), to: inShape)
            return [Kernels.zip3(gy, y, s) { a, yv, sv in a - yv * sv }]
        }
    }

    /// Log-softmax along an axis.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let (y, _) = Softmax.forward(self, axis: ax, log: true)
        let inShape = shape
        return Tensor.record(.logSoftmax, inputs: [self], output: y) { g, _ in
            let s = Kernels.expand(Kernels.sum(g, axis: ax, keepDims: true), to: inShape)
            return [Kernels.zip3(g, y, s) { gv, lv, sv in gv - FastMath.exp(lv) * sv }]
        }
    }
}

/// The shared softmax kernel: returns softmax (or log-softmax) and log Σ exp with kept dims.
enum Softmax {
    static func forward(_ x: Tensor, axis ax: Int, log: Bool) -> (Tensor, Tensor) {
        let (outer, n, inner) = Shape.split(x.shape, at: ax)
        let out = Tensor.uninitialized(x.shape)
        var kept = x.shape
        kept[ax] = 1
        let lse = Tensor.uninitialized(kept)
        let src = x.storage.pointer
        let dst = out.storage.pointer
        let pl = lse.storage.pointer
        Parallel.chunks(outer * inner, cost: n * 3) { s, e in
            for r in s..<e {
                let o = r / inner
                let i = r % inner
                let base = o * n * inner + i
                var m = -Float.infinity
                for k in 0..<n { m = Swift.max(m, src[base + k * inner]) }
                if m == -Float.infinity { m = 0 }
                var total: Float = 0
                for k in 0..<n {
                    let e = FastMath.exp(src[base + k * inner] - m)
                    dst[base + k * inner] = e
                    total += e
                }
                let logTotal = Foundation.log(total)
                pl[o * inner + i] = m + logTotal
                if log {
                    for k in 0..<n { dst[base + k * inner] = src[base + k * inner] - m - logTotal }
                } else {
                    let inv = 1 / total
                    for k in 0..<n { dst[base + k * inner] *= inv }
                }
            }
        }
        return (out, lse)
    }
}
