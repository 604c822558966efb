/// Reverse-mode differentiation over the graph recorded by the ops.
extension Tensor {
    /// Gradients of this scalar with respect to each of `parameters` (zeros for a
    /// parameter the value does not depend on). Parameters must be gradient leaves
    /// (`requiringGradient()`) or intermediate tensors of the same graph.
    public func gradients(wrt parameters: [Tensor], seed: Tensor? = nil) -> [Tensor] {
        precondition(seed != nil || count == 1, "gradients(wrt:) needs a scalar or an explicit seed; shape is \(shape)")
        // The seed becomes the output gradient that backward closures read through raw
        // pointers; a seed of another shape would be read out of bounds.
        precondition(
            seed == nil || seed!.shape == shape,
            "gradients(wrt:) seed has shape \(seed!.shape), value has shape \(shape)")
        guard let root = node else { return parameters.map { Tensor.zeros($0.shape) } }

        // Iterative post-order DFS: graphs of long unrolled sequences are too deep to recurse.
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradNode, Int)] = [(root, 0)]
        visited.insert(ObjectIdentifier(root))
        while let (n, next) = stack.popLast() {
            if next < n.inputs.count {
                stack.append((n, next + 1))
                if let child = n.inputs[next]?.node, visited.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(n)
            }
        }

        // Gradients of intermediate tensors asked for must be kept when their node is consumed.
        var wanted = [ObjectIdentifier: [Int: Tensor]]()
        for p in parameters {
            if let n = p.node { wanted[ObjectIdentifier(n), default: [:]][p.outputIndex] = Tensor.zeros(p.shape) }
        }

        var pending = [ObjectIdentifier: [Tensor?]]()
        pending[ObjectIdentifier(root)] = (0..<root.outputShapes.count).map {
            $0 == outputIndex ? (seed ?? Tensor(shape: shape, repeating: 1)) : nil
        }

        for n in order.reversed() {
            let id = ObjectIdentifier(n)
            guard let outGrads = pending.removeValue(forKey: id) else { continue }
            if wanted[id] != nil {
                for (i, g) in outGrads.enumerated() { if let g, wanted[id]![i] != nil { wanted[id]![i] = g } }
            }
            guard let backward = n.backward else { continue }
            let grads = outGrads.enumerated().map { i, g in g ?? Tensor.zeros(n.outputShapes[i]) }
            let needs = n.inputs.map { $0 != nil }
            let inGrads = backward(grads, needs)
            for (k, link) in n.inputs.enumerated() {
                guard let link, let g = inGrads[k] else { continue }
                precondition(
                    g.shape == link.node.outputShapes[link.index],
                    "\(n.op.map { "\($0)" } ?? "leaf") gave a gradient of shape \(g.shape) for an input of shape "
                        + "\(link.node.outputShapes[link.index])"
                )
                let cid = ObjectIdentifier(link.node)
                var slot = pending[cid] ?? [Tensor?](repeating: nil, count: link.node.outputShapes.count)
                if let existing = slot[link.index] {
                    slot[link.index] = Kernels.added(existing, g)
                } else {
                    slot[link.index] = g.detached
                }
                pending[cid] = slot
            }
        }
        return parameters.map { p in
            guard let n = p.node else { return Tensor.zeros(p.shape) }
            return wanted[ObjectIdentifier(n)]?[p.outputIndex] ?? Tensor.zeros(p.shape)
        }
    }
}

/// Evaluates `f` at `x` and returns its value and its gradient with respect to `x`.
public func valueWithGradient(at x: Tensor, of f: (Tensor) -> Tensor) -> (value: Tensor, gradient: Tensor) {
    let (v, g) = valueWithGradient(at: [x]) { f($0[0]) }
    return (v, g[0])
}

/// Evaluates `f` at several tensors and returns its value and the gradient for each.
public func valueWithGradient(at xs: [Tensor], of f: ([Tensor]) -> Tensor) -> (value: Tensor, gradients: [Tensor]) {
    let leaves = xs.map { $0.requiringGradient() }
    let y = f(leaves)
    return (y.detached, y.gradients(wrt: leaves))
}
