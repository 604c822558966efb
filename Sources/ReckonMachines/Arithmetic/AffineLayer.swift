import ReckonNN
import ReckonSupport
import ReckonTensor

/// The `linear` baseline layer (stable-nalu `BasicLayer(activation='linear')`): x·W + b, W
/// Xavier-uniform with gain 1, b zero.
public final class AffineLayer: ArithmeticLayer {
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor

    public init(_ inputs: Int, _ outputs: Int, rng: inout RandomGenerator) {
        let limit = Float((6.0 / Double(inputs + outputs)).squareRoot())
        _weight = Parameter(wrappedValue: Tensor.uniform([inputs, outputs], low: -limit, high: limit, rng: &rng))
        _bias = Parameter(wrappedValue: Tensor.zeros([outputs]))
        super.init()
    }

    public override func callAsFunction(_ x: Tensor) -> Tensor { matmul(x, weight) + bias }

    public override var effectiveWeight: Tensor { weight.detached }
}
