import Foundation
import ReckonSupport
import ReckonTensor

/// mamba.py's Δ initialization, which Gated DeltaNet's decay reuses: softplus⁻¹ of a Δ drawn
/// log-uniformly in [0.001, 0.1] (floored at 1e-4), so softplus(bias) starts at that Δ.
func inverseSoftplusOfStepSizes(_ count: Int, rng: inout RandomGenerator) -> Tensor {
    let low = Foundation.log(0.001)
    let high = Foundation.log(0.1)
    let values = (0..<count).map { _ -> Float in
        let dt = max(Foundation.exp(low + (high - low) * Double(rng.nextFloat())), 1e-4)
        return Float(dt + Foundation.log(-Foundation.expm1(-dt)))
    }
    return Tensor(values, shape: [count])
}
