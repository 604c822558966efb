import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor

/// Neural accumulator (Trask et al. 2018; stable-nalu `NACLayer`): z = x · W with
/// W = tanh(Ŵ) ⊙ σ(M̂). In log space (NAC•) it computes exp(log(|x| + ε) · W).
public final class NACLayer: ArithmeticLayer {
    @Parameter public var wHat: Tensor
    @Parameter public var mHat: Tensor
    /// Whether this is NAC• (multiplication through log space).
    public let logSpace: Bool
    /// stable-nalu's `eps` inside log(|x| + ε).
    public static let epsilon: Float = 1e-7

    /// Ŵ, M̂ ~ U[−r, r] with r chosen so that Var(W) = 2 / max(in + out, 5) (`nac_w_optimal_r`).
    public init(_ inputs: Int, _ outputs: Int, logSpace: Bool, rng: inout RandomGenerator) {
        let r = Float(Self.optimalRange(fan: Swift.max(inputs + outputs, 5)))
        _wHat = Parameter(wrappedValue: Tensor.uniform([inputs, outputs], low: -r, high: r, rng: &rng))
        _mHat = Parameter(wrappedValue: Tensor.uniform([inputs, outputs], low: -r, high: r, rng: &rng))
        self.logSpace = logSpace
        super.init()
    }

    /// W = tanh(Ŵ) ⊙ σ(M̂).
    var weight: Tensor { wHat.tanh() * mHat.sigmoid() }

    public override func callAsFunction(_ x: Tensor) -> Tensor {
        logSpace ? matmul((x.abs() + Self.epsilon).log(), weight).exp() : matmul(x, weight)
    }

    public override var effectiveWeight: Tensor { weight.detached }

    /// Var(tanh(Ŵ)·σ(M̂)) for Ŵ, M̂ ~ U[−r, r] (stable-nalu `nac_w_variance`).
    static func variance(_ r: Double) -> Double {
        r == 0 ? 0 : (1 - Foundation.tanh(r) / r) * (r - Foundation.tanh(r / 2)) / (2 * r)
    }

    /// The r in [0, 10] with fan · Var(r) = 2, by bisection as scipy.optimize.bisect (xtol 2e-12).
    static func optimalRange(fan: Int) -> Double {
        var lo = 0.0, hi = 10.0
        let f = { (r: Double) in Double(fan) * variance(r) - 2 }
        while hi - lo > 2e-12 {
            let mid = (lo + hi) / 2
            if (f(mid) < 0) == (f(lo) < 0) { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
