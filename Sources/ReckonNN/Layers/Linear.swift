import ReckonSupport
import ReckonTensor

/// y = x·W + b over the last axis (W is [in, out], as Haiku stores it).
public final class Linear: Module {
    @Parameter public var weight: Tensor
    /// Absent for a bias-free projection, so it is then not a parameter at all.
    public let bias: Parameter?

    public init(
        _ inFeatures: Int, _ outFeatures: Int, bias: Bool = true,
        weightInit: Initializer = .lecunTruncatedNormal, rng: inout RandomGenerator
    ) {
        _weight = Parameter(wrappedValue: weightInit.make([inFeatures, outFeatures], rng: &rng))
        self.bias = bias ? Parameter(wrappedValue: Tensor.zeros([outFeatures])) : nil
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = matmul(x, weight)
        if let bias { return y + bias.wrappedValue }
        return y
    }
}
