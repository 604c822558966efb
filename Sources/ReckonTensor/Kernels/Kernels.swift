/// Plain (non-differentiable) computations on tensors: the building blocks of the ops'
/// forward and backward passes. Nothing here records gradients.
public enum Kernels {
    /// `f` applied to every element.
    @inline(__always)
    public static func map(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
        let out = Tensor.uninitialized(x.shape)
        let src = x.storage.pointer
        let dst = out.storage.pointer
        Parallel.chunks(x.count, cost: 4) { s, e in
            for i in s..<e { dst[i] = f(src[i]) }
        }
        return out
    }

    /// `f` applied elementwise to two tensors of the same shape.
    @inline(__always)
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        precondition(a.shape == b.shape, "zip needs equal shapes, got \(a.shape) and \(b.shape)")
        let out = Tensor.uninitialized(a.shape)
        let pa = a.storage.pointer
        let pb = b.storage.pointer
        let dst = out.storage.pointer
        Parallel.chunks(a.count, cost: 2) { s, e in
            for i in s..<e { dst[i] = f(pa[i], pb[i]) }
        }
        return out
    }

    /// `f` applied elementwise to three tensors of the same shape.
    @inline(__always)
    public static func zip3(_ a: Tensor, _ b: Tensor, _ c: Tensor, _ f: (Float, Float, Float) -> Float) -> Tensor {
        precondition(a.shape == b.shape && b.shape == c.shape, "zip3 needs equal shapes")
        let out = Tensor.uninitialized(a.shape)
        let pa = a.storage.pointer
        let pb = b.storage.pointer
        let pc = c.storage.pointer
        let dst = out.storage.pointer
        Parallel.chunks(a.count, cost: 2) { s, e in
            for i in s..<e { dst[i] = f(pa[i], pb[i], pc[i]) }
        }
        return out
    }

    /// `f` applied elementwise with NumPy broadcasting.
    @inline(__always)
    public static func broadcast(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape { return zip(a, b, f) }
        let shape = Shape.broadcast(a.shape, b.shape)
        let out = Tensor.uninitialized(shape)
        let pa = a.storage.pointer
        let pb = b.storage.pointer
        let dst = out.storage.pointer
        let n = out.count
        if b.count == 1 {
            let v = pb[0]
            if a.count == n {
                Parallel.chunks(n, cost: 2) { s, e in for i in s..<e { dst[i] = f(pa[i], v) } }
                return out
            }
        }
        if a.count == 1 && b.count == n {
            let v = pa[0]
            Parallel.chunks(n, cost: 2) { s, e in for i in s..<e { dst[i] = f(v, pb[i]) } }
            return out
        }
        // General case: walk rows of the last axis, with per-input strides (0 = broadcast).
        let sa = Shape.broadcastStrides(a.shape, to: shape)
        let sb = Shape.broadcastStrides(b.shape, to: shape)
        let rank = shape.count
        let inner = shape.isEmpty ? 1 : shape[rank - 1]
        let ia = rank == 0 ? 0 : sa[rank - 1]
        let ib = rank == 0 ? 0 : sb[rank - 1]
        let rows = inner == 0 ? 0 : n / inner
        let outerShape = Array(shape.dropLast())
        Parallel.chunks(rows, cost: inner * 2) { s, e in
            // Offsets of the first row of this chunk.
            var idx = [Int](repeating: 0, count: Swift.max(rank - 1, 0))
            var r = s
            for d in stride(from: rank - 2, through: 0, by: -1) {
                idx[d] = r % outerShape[d]
                r /= outerShape[d]
            }
            var oa = 0
            var ob = 0
            for d in 0..<(rank - 1 < 0 ? 0 : rank - 1) {
                oa += idx[d] * sa[d]
                ob += idx[d] * sb[d]
            }
            for row in s..<e {
                let o = row * inner
                if ia == 1 && ib == 1 {
                    for j in 0..<inner { dst[o + j] = f(pa[oa + j], pb[ob + j]) }
                } else if ia == 1 {
                    let v = pb[ob]
                    for j in 0..<inner { dst[o + j] = f(pa[oa + j], v) }
                } else if ib == 1 {
                    let v = pa[oa]
                    for j in 0..<inner { dst[o + j] = f(v, pb[ob + j]) }
                } else {
                    for j in 0..<inner { dst[o + j] = f(pa[oa + j * ia], pb[ob + j * ib]) }
                }
                // Advance the multi-index of the outer axes.
                var d = rank - 2
                while d >= 0 {
                    idx[d] += 1
                    oa += sa[d]
                    ob += sb[d]
                    if idx[d] < outerShape[d] { break }
                    oa -= sa[d] * outerShape[d]
                    ob -= sb[d] * outerShape[d]
                    idx[d] = 0
                    d -= 1
                }
            }
        }
        return out
    }

    /// Elementwise sum of two same-shape tensors (gradient accumulation).
    public static func added(_ a: Tensor, _ b: Tensor) -> Tensor { zip(a, b, +) }

    /// Adds `b` into `a` in place (same shapes); copies `a` first if its storage is shared.
    public static func addInPlace(_ a: inout Tensor, _ b: Tensor, scale: Float = 1) {
        precondition(a.shape == b.shape, "addInPlace needs equal shapes, got \(a.shape) and \(b.shape)")
        let pb = b.storage.pointer
        a.withUnsafeMutableBufferPointer { buf in
            let pa = buf.baseAddress!
            for i in 0..<buf.count { pa[i] += scale * pb[i] }
        }
    }

    /// Sum along one axis.
    public static func sum(_ x: Tensor, axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: x.rank)
        let (outer, n, inner) = Shape.split(x.shape, at: ax)
        var shape = x.shape
        if keepDims { shape[ax] = 1 } else { shape.remove(at: ax) }
        let out = Tensor(shape: shape, repeating: 0)
        let src = x.storage.pointer
        let dst = out.storage.pointer
        if inner == 1 {
            Parallel.chunks(outer, cost: n) { s, e in
                for o in s..<e {
                    var acc: Float = 0
                    let row = src + o * n
                    for k in 0..<n { acc += row[k] }
                    dst[o] = acc
                }
            }
        } else {
            Parallel.chunks(outer, cost: n * inner) { s, e in
                for o in s..<e {
                    let d = dst + o * inner
                    for k in 0..<n {
                        let row = src + (o * n + k) * inner
                        for i in 0..<inner { d[i] += row[i] }
                    }
                }
            }
        }
        return out
    }

    /// Sums a broadcast result back to an input's shape (the gradient of broadcasting).
    public static func sumToShape(_ x: Tensor, _ shape: [Int]) -> Tensor {
        if x.shape == shape { return x }
        var t = x
        while t.rank > shape.count { t = sum(t, axis: 0) }
        for (i, d) in shape.enumerated() where d == 1 && t.shape[i] != 1 {
            t = sum(t, axis: i, keepDims: true)
        }
        precondition(t.shape == shape, "cannot reduce \(x.shape) to \(shape)")
        return t
    }

    /// Maximum along one axis, with the index of the first maximum.
    public static func max(_ x: Tensor, axis: Int, keepDims: Bool = false) -> (values: Tensor, indices: [Int]) {
        let ax = Shape.axis(axis, rank: x.rank)
        let (outer, n, inner) = Shape.split(x.shape, at: ax)
        precondition(n > 0, "max over an empty axis")
        var shape = x.shape
        if keepDims { shape[ax] = 1 } else { shape.remove(at: ax) }
        let out = Tensor.uninitialized(shape)
        var indices = [Int](repeating: 0, count: outer * inner)
        let src = x.storage.pointer
        let dst = out.storage.pointer
        indices.withUnsafeMutableBufferPointer { idx in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = src[o * n * inner + i]
                    var arg = 0
                    for k in 1..<Swift.max(n, 1) where src[(o * n + k) * inner + i] > best {
                        best = src[(o * n + k) * inner + i]
                        arg = k
                    }
                    dst[o * inner + i] = best
                    idx[o * inner + i] = arg
                }
            }
        }
        return (out, indices)
    }

    /// A contiguous copy with axes reordered: output axis i is input axis `perm[i]`.
    public static func permute(_ x: Tensor, _ perm: [Int]) -> Tensor {
        precondition(perm.count == x.rank && Set(perm) == Set(0..<x.rank), "bad permutation \(perm) for rank \(x.rank)")
        let shape = perm.map { x.shape[$0] }
        let out = Tensor.uninitialized(shape)
        if x.count == 0 { return out }
        let inStrides = Shape.strides(x.shape)
        let st = perm.map { inStrides[$0] }
        let src = x.storage.pointer
        let dst = out.storage.pointer
        let rank = shape.count
        if rank == 0 {
            dst[0] = src[0]
            return out
        }
        let inner = shape[rank - 1]
        let innerStride = st[rank - 1]
        let rows = x.count / inner
        var idx = [Int](repeating: 0, count: rank)
        var off = 0
        for r in 0..<rows {
            let o = r * inner
            for j in 0..<inner { dst[o + j] = src[off + j * innerStride] }
            var d = rank - 2
            while d >= 0 {
                idx[d] += 1
                off += st[d]
                if idx[d] < shape[d] { break }
                off -= st[d] * shape[d]
                idx[d] = 0
                d -= 1
            }
        }
        return out
    }
}
