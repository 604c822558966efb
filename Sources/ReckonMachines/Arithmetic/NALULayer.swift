import ReckonNN
import ReckonSupport
import ReckonTensor

/// Neural arithmetic logic unit (Trask et al. 2018; stable-nalu `NALULayer` with its defaults:
/// one NAC shared by both paths, one gate, no bias): y = g ⊙ (x·W) + (1 − g) ⊙ exp(log(|x| + ε)·W),
/// g = σ(x·G).
public final class NALULayer: ArithmeticLayer {
    public let nac: NACLayer
    @Parameter public var gate: Tensor

    /// The NAC as in `NACLayer`; G Xavier-uniform with the sigmoid gain 1: U[±√(6 / (in + out))].
    public init(_ inputs: Int, _ outputs: Int, rng: inout RandomGenerator) {
        nac = NACLayer(inputs, outputs, logSpace: false, rng: &rng)
        let limit = Float((6.0 / Double(inputs + outputs)).squareRoot())
        _gate = Parameter(wrappedValue: Tensor.uniform([inputs, outputs], low: -limit, high: limit, rng: &rng))
        super.init()
    }

    public override func callAsFunction(_ x: Tensor) -> Tensor {
        let w = nac.weight
        let g = matmul(x, gate).sigmoid()
        let add = matmul(x, w)
        let mul = matmul((x.abs() + NACLayer.epsilon).log(), w).exp()
        return g * add + (1 - g) * mul
    }

    public override var effectiveWeight: Tensor { nac.effectiveWeight }
}
