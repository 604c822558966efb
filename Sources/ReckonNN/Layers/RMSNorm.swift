import ReckonTensor

/// Root-mean-square normalization over the last axis with a learned scale (no offset), as in
/// Mamba's and fla's blocks: x / sqrt(mean(x²) + ε) · scale.
public final class RMSNorm: Module {
    @Parameter public var scale: Tensor
    public let epsilon: Float

    public init(_ features: Int, epsilon: Float = 1e-5) {
        _scale = Parameter(wrappedValue: Tensor.ones([features]))
        self.epsilon = epsilon
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x / (x.squared().mean(axis: -1, keepDims: true) + epsilon).sqrt() * scale
    }
}
