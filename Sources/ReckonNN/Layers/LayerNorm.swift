import ReckonTensor

/// Layer normalization over the last axis with learned scale and offset.
public final class LayerNorm: Module {
    @Parameter public var scale: Tensor
    @Parameter public var offset: Tensor
    public let epsilon: Float

    public init(_ features: Int, epsilon: Float = 1e-5) {
        _scale = Parameter(wrappedValue: Tensor.ones([features]))
        _offset = Parameter(wrappedValue: Tensor.zeros([features]))
        self.epsilon = epsilon
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { layerNorm(x, scale: scale, offset: offset, epsilon: epsilon) }
}
