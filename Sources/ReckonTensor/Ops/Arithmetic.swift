/// Broadcasting arithmetic. Gradients are summed back to each input's shape.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let y = Kernels.broadcast(a, b, +)
        return record(.add, inputs: [a, b], output: y) { g, needs in
            [
                needs[0] ? Kernels.sumToShape(g, a.shape) : nil,
                needs[1] ? Kernels.sumToShape(g, b.shape) : nil,
            ]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let y = Kernels.broadcast(a, b, -)
        return record(.subtract, inputs: [a, b], output: y) { g, needs in
            [
                needs[0] ? Kernels.sumToShape(g, a.shape) : nil,
                needs[1] ? Kernels.sumToShape(Kernels.map(g, -), b.shape) : nil,
            ]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let y = Kernels.broadcast(a, b, *)
        let av = a.detached
        let bv = b.detached
        return record(.multiply, inputs: [a, b], output: y) { g, needs in
            [
                needs[0] ? Kernels.sumToShape(Kernels.broadcast(g, bv, *), a.shape) : nil,
                needs[1] ? Kernels.sumToShape(Kernels.broadcast(g, av, *), b.shape) : nil,
            ]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let y = Kernels.broadcast(a, b, /)
        let bv = b.detached
        return record(.divide, inputs: [a, b], output: y) { g, needs in
            let ga = Kernels.broadcast(g, bv, /)
            return [
                needs[0] ? Kernels.sumToShape(ga, a.shape) : nil,
                needs[1] ? Kernels.sumToShape(Kernels.map(Kernels.broadcast(ga, y, *), -), b.shape) : nil,
            ]
        }
    }

    public static prefix func - (x: Tensor) -> Tensor {
        let y = Kernels.map(x, -)
        return record(.negate, inputs: [x], output: y) { g, _ in [Kernels.map(g, -)] }
    }

    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(scalar: b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) + b }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(scalar: b) }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) - b }
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(scalar: b) }
    public static func * (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) * b }
    public static func / (a: Tensor, b: Float) -> Tensor { a / Tensor(scalar: b) }
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) / b }
}

/// Elementwise maximum with broadcasting; ties send the gradient to the first input.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let y = Kernels.broadcast(a, b) { Swift.max($0, $1) }
    let av = a.detached
    let bv = b.detached
    return Tensor.record(.maximum, inputs: [a, b], output: y) { g, needs in
        let takeA = Kernels.broadcast(av, bv) { $0 >= $1 ? 1 : 0 }
        return [
            needs[0] ? Kernels.sumToShape(Kernels.zip(g, takeA, *), a.shape) : nil,
            needs[1] ? Kernels.sumToShape(Kernels.zip(g, takeA) { $0 * (1 - $1) }, b.shape) : nil,
        ]
    }
}

/// Elementwise minimum with broadcasting; ties send the gradient to the first input.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let y = Kernels.broadcast(a, b) { Swift.min($0, $1) }
    let av = a.detached
    let bv = b.detached
    return Tensor.record(.minimum, inputs: [a, b], output: y) { g, needs in
        let takeA = Kernels.broadcast(av, bv) { $0 <= $1 ? 1 : 0 }
        return [
            needs[0] ? Kernels.sumToShape(Kernels.zip(g, takeA, *), a.shape) : nil,
            needs[1] ? Kernels.sumToShape(Kernels.zip(g, takeA) { $0 * (1 - $1) }, b.shape) : nil,
        ]
    }
}
