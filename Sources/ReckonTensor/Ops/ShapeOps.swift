/// Layout ops: reshape, permute, broadcast, concat, stack, split, slice, pad.
extension Tensor {
    /// The same values under a new shape; one dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            s[i] = count / known
        }
        precondition(Shape.count(s) == count, "cannot reshape \(shape) to \(newShape)")
        let inShape = shape
        return Tensor.record(.reshape, inputs: [self], output: withShape(s)) { g, _ in [g.withShape(inShape)] }
    }

    /// Axes reordered: output axis i is input axis `perm[i]`.
    public func permuted(_ perm: [Int]) -> Tensor {
        let y = Kernels.permute(self, perm)
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return Tensor.record(.permute, inputs: [self], output: y) { g, _ in [Kernels.permute(g, inverse)] }
    }

    /// Two axes swapped (the last two by default).
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        let x = Shape.axis(a, rank: rank)
        let y = Shape.axis(b, rank: rank)
        var perm = Array(0..<rank)
        perm.swapAt(x, y)
        let out = Kernels.permute(self, perm)
        return Tensor.record(.transpose, inputs: [self], output: out) { g, _ in [Kernels.permute(g, perm)] }
    }

    /// Broadcast to a larger shape (NumPy rules); the gradient sums back.
    public func broadcast(to target: [Int]) -> Tensor {
        precondition(Shape.broadcast(shape, target) == target, "cannot broadcast \(shape) to \(target)")
        let inShape = shape
        return Tensor.record(.broadcast, inputs: [self], output: Kernels.expand(self, to: target)) { g, _ in
            [Kernels.sumToShape(g, inShape)]
        }
    }

    /// A new axis of extent 1 at `axis`.
    public func expandingDims(at axis: Int) -> Tensor {
        let ax = axis < 0 ? axis + rank + 1 : axis
        var s = shape
        s.insert(1, at: ax)
        return reshaped(s)
    }

    /// Elements `range` along an axis.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        precondition(
            range.lowerBound >= 0 && range.upperBound <= shape[ax],
            "slice \(range) out of bounds for axis \(ax) of \(shape)")
        let y = Kernels.slice(self, axis: ax, range)
        let inShape = shape
        return Tensor.record(.slice, inputs: [self], output: y) { g, _ in
            [Kernels.pad(g, axis: ax, before: range.lowerBound, after: inShape[ax] - range.upperBound, value: 0)]
        }
    }

    /// Padding with a constant along an axis.
    public func padded(axis: Int, before: Int, after: Int, value: Float = 0) -> Tensor {
        let ax = Shape.axis(axis, rank: rank)
        precondition(before >= 0 && after >= 0, "negative padding")
        let y = Kernels.pad(self, axis: ax, before: before, after: after, value: value)
        let n = shape[ax]
        return Tensor.record(.pad, inputs: [self], output: y) { g, _ in
            [Kernels.slice(g, axis: ax, before..<(before + n))]
        }
    }

    /// Pieces of the given sizes along an axis.
    public func split(sizes: [Int], axis: Int) -> [Tensor] {
        let ax = Shape.axis(axis, rank: rank)
        precondition(sizes.reduce(0, +) == shape[ax], "split sizes \(sizes) do not add up to \(shape[ax])")
        var start = 0
        var pieces: [Tensor] = []
        for s in sizes {
            pieces.append(Kernels.slice(self, axis: ax, start..<(start + s)))
            start += s
        }
        return Tensor.record(.split, inputs: [self], outputs: pieces) { grads, _ in [Kernels.concat(grads, axis: ax)] }
    }

    /// `parts` equal pieces along an axis.
    public func split(parts: Int, axis: Int) -> [Tensor] {
        let ax = Shape.axis(axis, rank: rank)
        precondition(parts > 0 && shape[ax] % parts == 0, "cannot split axis of \(shape[ax]) into \(parts) equal parts")
        return split(sizes: [Int](repeating: shape[ax] / parts, count: parts), axis: ax)
    }
}

/// Tensors joined along an existing axis.
public func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "concat of no tensors")
    let ax = Shape.axis(axis, rank: tensors[0].rank)
    let y = Kernels.concat(tensors, axis: ax)
    let sizes = tensors.map { $0.shape[ax] }
    return Tensor.record(.concat, inputs: tensors, output: y) { g, needs in
        var start = 0
        return sizes.enumerated().map { i, s in
            defer { start += s }
            return needs[i] ? Kernels.slice(g, axis: ax, start..<(start + s)) : nil
        }
    }
}

/// Tensors of one shape joined along a new axis.
public func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "stack of no tensors")
    let shape = tensors[0].shape
    precondition(tensors.allSatisfy { $0.shape == shape }, "stack needs equal shapes")
    let ax = axis < 0 ? axis + shape.count + 1 : axis
    var expanded = shape
    expanded.insert(1, at: ax)
    let y = Kernels.concat(tensors.map { $0.withShape(expanded) }, axis: ax)
    return Tensor.record(.stack, inputs: tensors, output: y) { g, needs in
        (0..<tensors.count).map { i in needs[i] ? Kernels.slice(g, axis: ax, i..<(i + 1)).withShape(shape) : nil }
    }
}

extension Kernels {
    /// A contiguous copy of `range` along an axis.
    public static func slice(_ x: Tensor, axis ax: Int, _ range: Range<Int>) -> Tensor {
        let (outer, n, inner) = Shape.split(x.shape, at: ax)
        var shape = x.shape
        shape[ax] = range.count
        let out = Tensor.uninitialized(shape)
        let chunk = range.count * inner
        let src = x.storage.pointer
        let dst = out.storage.pointer
        for o in 0..<outer {
            (dst + o * chunk).update(from: src + (o * n + range.lowerBound) * inner, count: chunk)
        }
        return out
    }

    /// A copy padded with `value` along an axis.
    public static func pad(_ x: Tensor, axis ax: Int, before: Int, after: Int, value: Float) -> Tensor {
        let (outer, n, inner) = Shape.split(x.shape, at: ax)
        var shape = x.shape
        shape[ax] = n + before + after
        let out = Tensor(shape: shape, repeating: value)
        let total = shape[ax]
        let src = x.storage.pointer
        let dst = out.storage.pointer
        for o in 0..<outer {
            (dst + (o * total + before) * inner).update(from: src + o * n * inner, count: n * inner)
        }
        return out
    }

    /// Tensors joined along an axis (all other axes equal).
    public static func concat(_ xs: [Tensor], axis ax: Int) -> Tensor {
        var shape = xs[0].shape
        for x in xs {
            precondition(x.rank == shape.count, "concat needs equal ranks")
            for d in 0..<shape.count where d != ax {
                precondition(
                    x.shape[d] == shape[d],
                    "concat along \(ax) needs equal other axes, got \(xs[0].shape) and \(x.shape)")
            }
        }
        shape[ax] = xs.reduce(0) { $0 + $1.shape[ax] }
        let out = Tensor.uninitialized(shape)
        let (outer, total, inner) = Shape.split(shape, at: ax)
        let dst = out.storage.pointer
        var offset = 0
        for x in xs {
            let chunk = x.shape[ax] * inner
            let src = x.storage.pointer
            for o in 0..<outer {
                (dst + o * total * inner + offset).update(from: src + o * chunk, count: chunk)
            }
            offset += chunk
        }
        return out
    }
}
