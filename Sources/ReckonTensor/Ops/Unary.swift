import Foundation

/// Elementwise functions. Each backward uses the saved input or output, whichever is cheaper.
extension Tensor {
    /// e^x.
    public func exp() -> Tensor {
        let y = Kernels.map(self) { FastMath.exp($0) }
        return Tensor.record(.exp, inputs: [self], output: y) { g, _ in [Kernels.zip(g, y, *)] }
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        let x = detached
        let y = Kernels.map(self) { Foundation.log($0) }
        return Tensor.record(.log, inputs: [self], output: y) { g, _ in [Kernels.zip(g, x, /)] }
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor {
        let y = Kernels.map(self) { FastMath.tanh($0) }
        return Tensor.record(.tanh, inputs: [self], output: y) { g, _ in [Kernels.zip(g, y) { $0 * (1 - $1 * $1) }] }
    }

    /// The logistic function.
    public func sigmoid() -> Tensor {
        let y = Kernels.map(self) { FastMath.sigmoid($0) }
        return Tensor.record(.sigmoid, inputs: [self], output: y) { g, _ in [Kernels.zip(g, y) { $0 * $1 * (1 - $1) }] }
    }

    /// max(x, 0).
    public func relu() -> Tensor {
        let y = Kernels.map(self) { Swift.max($0, 0) }
        return Tensor.record(.relu, inputs: [self], output: y) { g, _ in [Kernels.zip(g, y) { $1 > 0 ? $0 : 0 }] }
    }

    /// GELU, tanh approximation (the default of `jax.nn.gelu`, which the references use).
    public func gelu() -> Tensor {
        let x = detached
        let c: Float = 0.7978845608028654
        let y = Kernels.map(self) { v in 0.5 * v * (1 + FastMath.tanh(c * (v + 0.044715 * v * v * v))) }
        return Tensor.record(.gelu, inputs: [self], output: y) { g, _ in
            [
                Kernels.zip(g, x) { gv, v in
                    let t = FastMath.tanh(c * (v + 0.044715 * v * v * v))
                    return gv * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * 0.044715 * v * v))
                }
            ]
        }
    }

    /// log(1 + e^x), computed without overflow.
    public func softplus() -> Tensor {
        let x = detached
        let y = Kernels.map(self) { v in Swift.max(v, 0) + Foundation.log1p(FastMath.exp(-Swift.abs(v))) }
        return Tensor.record(.softplus, inputs: [self], output: y) { g, _ in
            [Kernels.zip(g, x) { $0 * FastMath.sigmoid($1) }]
        }
    }

    /// Square root.
    public func sqrt() -> Tensor {
        let y = Kernels.map(self) { $0.squareRoot() }
        return Tensor.record(.sqrt, inputs: [self], output: y) { g, _ in [Kernels.zip(g, y) { $0 * 0.5 / $1 }] }
    }

    /// |x|; the gradient at 0 is 0.
    public func abs() -> Tensor {
        let x = detached
        let y = Kernels.map(self) { Swift.abs($0) }
        return Tensor.record(.abs, inputs: [self], output: y) { g, _ in
            [Kernels.zip(g, x) { $1 > 0 ? $0 : ($1 < 0 ? -$0 : 0) }]
        }
    }

    /// x^p for a scalar exponent.
    public func pow(_ p: Float) -> Tensor {
        let x = detached
        let y: Tensor
        if p == 2 { y = Kernels.map(self) { $0 * $0 } } else { y = Kernels.map(self) { Foundation.pow($0, p) } }
        return Tensor.record(.power, inputs: [self], output: y) { g, _ in
            [Kernels.zip(g, x) { gv, v in p == 2 ? gv * 2 * v : gv * p * Foundation.pow(v, p - 1) }]
        }
    }

    /// Values limited to [low, high]; the gradient is zero outside.
    public func clamp(min low: Float, max high: Float) -> Tensor {
        let x = detached
        let y = Kernels.map(self) { Swift.min(Swift.max($0, low), high) }
        return Tensor.record(.clamp, inputs: [self], output: y) { g, _ in
            [Kernels.zip(g, x) { ($1 >= low && $1 <= high) ? $0 : 0 }]
        }
    }

    /// x².
    public func squared() -> Tensor { pow(2) }
}
