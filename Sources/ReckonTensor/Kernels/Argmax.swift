extension Kernels {
    /// Index of the first maximum of `values[start ..< start + count]`, as `jnp.argmax`: a tie goes
    /// to the earliest index. The one loop behind decoding, scoring and the compiled models' inputs.
    @inlinable
    public static func firstMaximum<C: RandomAccessCollection>(_ values: C, start: Int, count: Int) -> Int
    where C.Element == Float, C.Index == Int {
        var best = 0
        for k in 1..<Swift.max(count, 1) where values[start + k] > values[start + best] { best = k }
        return best
    }
}

extension Tensor {
    /// Index of the first maximum of every row of the last axis (`jnp.argmax`).
    public func argmaxLastAxis() -> [Int] {
        let n = shape.last!
        let values = scalars
        return (0..<(values.count / n)).map { r in Kernels.firstMaximum(values, start: r * n, count: n) }
    }
}
