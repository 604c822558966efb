extension Kernels {
    /// A contiguous copy of `x` broadcast to `shape`.
    public static func expand(_ x: Tensor, to shape: [Int]) -> Tensor {
        if x.shape == shape { return x }
        let out = Tensor.uninitialized(shape)
        let n = out.count
        if n == 0 { return out }
        let src = x.storage.pointer
        let dst = out.storage.pointer
        if x.count == 1 {
            dst.update(repeating: src[0], count: n)
            return out
        }
        let st = Shape.broadcastStrides(x.shape, to: shape)
        let rank = shape.count
        let inner = shape[rank - 1]
        let innerStride = st[rank - 1]
        var idx = [Int](repeating: 0, count: rank)
        var off = 0
        for r in 0..<(n / inner) {
            let o = r * inner
            if innerStride == 0 {
                dst.advanced(by: o).update(repeating: src[off], count: inner)
            } else {
                for j in 0..<inner { dst[o + j] = src[off + j * innerStride] }
            }
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
