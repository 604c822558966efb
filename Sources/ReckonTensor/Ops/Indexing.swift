/// Integer indexing: gather along an axis, row selection, embeddings, one-hot, masks.
extension Tensor {
    /// Take-along-axis: `indices` has this tensor's shape except along `axis`, where it
    /// has `indexShape[axis]` entries; out[..., j, ...] = x[..., indices[..., j, ...], ...].
    public func gather(axis: Int, indices: [Int], indexShape: [Int]) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        precondition(
            indexShape.count == rank && Shape.count(indexShape) == indices.count,
            "gather indices must have rank \(rank) and match their shape")
        for d in 0..<rank where d != ax {
            precondition(
                indexShape[d] == shape[d], "gather index shape \(indexShape) does not match \(shape) off axis \(ax)")
        }
        let (outer, n, inner) = Shape.split(shape, at: ax)
        let m = indexShape[ax]
        precondition(indices.allSatisfy { $0 >= 0 && $0 < n }, "gather index out of range 0..<\(n)")
        let out = Tensor.uninitialized(indexShape)
        let src = storage.pointer
        let dst = out.storage.pointer
        for o in 0..<outer {
            for j in 0..<m {
                for i in 0..<inner {
                    let q = (o * m + j) * inner + i
                    dst[q] = src[(o * n + indices[q]) * inner + i]
                }
            }
        }
        let inShape = shape
        return Tensor.record(.gather, inputs: [self], output: out) { g, _ in
            let dx = Tensor.zeros(inShape)
            let pg = g.storage.pointer
            let pd = dx.storage.pointer
            for o in 0..<outer {
                for j in 0..<m {
                    for i in 0..<inner {
                        let q = (o * m + j) * inner + i
                        pd[(o * n + indices[q]) * inner + i] += pg[q]
                    }
                }
            }
            return [dx]
        }
    }

    /// Slices `indices` (in order, repeats allowed) along an axis.
    public func indexSelect(axis: Int, _ indices: [Int]) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let (outer, n, inner) = Shape.split(shape, at: ax)
        precondition(indices.allSatisfy { $0 >= 0 && $0 < n }, "indexSelect index out of range 0..<\(n)")
        var outShape = shape
        outShape[ax] = indices.count
        let out = Tensor.uninitialized(outShape)
        let m = indices.count
        let src = storage.pointer
        let dst = out.storage.pointer
        for o in 0..<outer {
            for (j, k) in indices.enumerated() {
                (dst + (o * m + j) * inner).update(from: src + (o * n + k) * inner, count: inner)
            }
        }
        let inShape = shape
        return Tensor.record(.indexSelect, inputs: [self], output: out) { g, _ in
            let dx = Tensor.zeros(inShape)
            let pg = g.storage.pointer
            let pd = dx.storage.pointer
            for o in 0..<outer {
                for (j, k) in indices.enumerated() {
                    let d = pd + (o * n + k) * inner
                    let s = pg + (o * m + j) * inner
                    for i in 0..<inner { d[i] += s[i] }
                }
            }
            return [dx]
        }
    }
}

/// Rows of an embedding table [V, D] for integer ids of any shape: result is idShape + [D].
public func embedding(_ table: Tensor, ids: [Int], idShape: [Int]) -> Tensor {
    precondition(table.rank == 2, "embedding table must be [vocabulary, dimension]")
    precondition(Shape.count(idShape) == ids.count, "ids do not match their shape")
    let v = table.shape[0]
    let d = table.shape[1]
    precondition(ids.allSatisfy { $0 >= 0 && $0 < v }, "embedding id out of range 0..<\(v)")
    let out = Tensor.uninitialized(idShape + [d])
    let src = table.storage.pointer
    let dst = out.storage.pointer
    for (j, id) in ids.enumerated() { (dst + j * d).update(from: src + id * d, count: d) }
    return Tensor.record(.embedding, inputs: [table], output: out) { g, _ in
        let dt = Tensor.zeros([v, d])
        let pg = g.storage.pointer
        let pd = dt.storage.pointer
        for (j, id) in ids.enumerated() {
            let r = pd + id * d
            let s = pg + j * d
            for i in 0..<d { r[i] += s[i] }
        }
        return [dt]
    }
}

/// One-hot rows for integer ids of any shape: result is idShape + [depth]. Ids outside
/// 0..<depth (for example -1 as padding) give all-zero rows. Not differentiable.
public func oneHot(_ ids: [Int], idShape: [Int], depth: Int) -> Tensor {
    precondition(Shape.count(idShape) == ids.count, "ids do not match their shape")
    let out = Tensor.zeros(idShape + [depth])
    let p = out.storage.pointer
    for (j, id) in ids.enumerated() where id >= 0 && id < depth { p[j * depth + id] = 1 }
    return out
}

/// Elementwise choice with broadcasting: `a` where `mask` is non-zero, else `b`.
public func select(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    let shape = Shape.broadcast(Shape.broadcast(mask.shape, a.shape), b.shape)
    let m = Kernels.map(Kernels.expand(mask, to: shape)) { $0 != 0 ? 1 : 0 }
    let y = Kernels.zip3(m, Kernels.expand(a, to: shape), Kernels.expand(b, to: shape)) { $0 != 0 ? $1 : $2 }
    return Tensor.record(.select, inputs: [mask, a, b], output: y) { g, needs in
        [
            needs[0] ? Tensor.zeros(mask.shape) : nil,
            needs[1] ? Kernels.sumToShape(Kernels.zip(g, m, *), a.shape) : nil,
            needs[2] ? Kernels.sumToShape(Kernels.zip(g, m) { $0 * (1 - $1) }, b.shape) : nil,
        ]
    }
}

extension Tensor {
    /// Running sum along an axis: y[k] = Σ_{j ≤ k} x[j] (or Σ_{j < k} when exclusive).
    public func cumulativeSum(axis: Int, exclusive: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let (outer, n, inner) = Shape.split(shape, at: ax)
        let y = Scan.sum(self, outer: outer, n: n, inner: inner, exclusive: exclusive, reverse: false)
        return Tensor.record(.cumulativeSum, inputs: [self], output: y) { g, _ in
            [Scan.sum(g, outer: outer, n: n, inner: inner, exclusive: exclusive, reverse: true)]
        }
    }

    /// Running product along an axis: y[k] = Π_{j ≤ k} x[j] (or Π_{j < k} when exclusive).
    /// The backward pass needs no division, so zeros in x are handled exactly.
    public func cumulativeProduct(axis: Int, exclusive: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        let (outer, n, inner) = Shape.split(shape, at: ax)
        let x = detached
        let y = Tensor.uninitialized(shape)
        let px = storage.pointer
        let py = y.storage.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var acc: Float = 1
                for k in 0..<n {
                    let q = (o * n + k) * inner + i
                    if exclusive {
                        py[q] = acc
                        acc *= px[q]
                    } else {
                        acc *= px[q]
                        py[q] = acc
                    }
                }
            }
        }
        return Tensor.record(.cumulativeProduct, inputs: [self], output: y) { g, _ in
            // dx_j = (Π_{i<j} x_i) · S_j, with S_j = Σ_{k≥j} g_k Π_{j<i≤k} x_i (inclusive scan);
            // for the exclusive scan the products stop one element earlier.
            let dx = Tensor.uninitialized(x.shape)
            let pg = g.storage.pointer
            let pd = dx.storage.pointer
            let pxv = x.storage.pointer
            for o in 0..<outer {
                for i in 0..<inner {
                    @inline(__always) func at(_ k: Int) -> Int { (o * n + k) * inner + i }
                    var s: Float = 0
                    for k in stride(from: n - 1, through: 0, by: -1) {
                        if exclusive {
                            // S'_j = Σ_{k>j} g_k Π_{j<i<k} x_i.
                            pd[at(k)] = s
                            s = pg[at(k)] + pxv[at(k)] * s
                        } else {
                            s = pg[at(k)] + (k + 1 < n ? pxv[at(k + 1)] * s : 0)
                            pd[at(k)] = s
                        }
                    }
                    var prefix: Float = 1
                    for k in 0..<n {
                        pd[at(k)] *= prefix
                        prefix *= pxv[at(k)]
                    }
                }
            }
            return [dx]
        }
    }
}

/// Prefix-sum kernel shared by cumulativeSum and its gradient.
enum Scan {
    static func sum(_ x: Tensor, outer: Int, n: Int, inner: Int, exclusive: Bool, reverse: Bool) -> Tensor {
        let y = Tensor.uninitialized(x.shape)
        let px = x.storage.pointer
        let py = y.storage.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var acc: Float = 0
                for step in 0..<n {
                    let k = reverse ? n - 1 - step : step
                    let q = (o * n + k) * inner + i
                    if exclusive {
                        py[q] = acc
                        acc += px[q]
                    } else {
                        acc += px[q]
                        py[q] = acc
                    }
                }
            }
        }
        return y
    }
}
