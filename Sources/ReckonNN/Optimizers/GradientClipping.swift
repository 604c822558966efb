import ReckonTensor

/// Gradient transformations applied between backward pass and optimizer.
public enum GradientClipping {
    /// The L2 norm of all gradients taken together (accumulated in Double).
    public static func globalNorm(_ gradients: [Tensor]) -> Float {
        var s = 0.0
        for g in gradients { g.withUnsafeBufferPointer { b in for x in b { s += Double(x) * Double(x) } } }
        return Float(s.squareRoot())
    }

    /// Scales all gradients by maxNorm / norm when their global norm exceeds maxNorm
    /// (as optax.clip_by_global_norm). Returns the norm before clipping.
    @discardableResult
    public static func clipByGlobalNorm(_ gradients: inout [Tensor], maxNorm: Float) -> Float {
        let norm = globalNorm(gradients)
        guard norm > maxNorm, norm.isFinite else { return norm }
        let scale = maxNorm / norm
        for i in gradients.indices {
            gradients[i] = gradients[i].detached
            gradients[i].withUnsafeMutableBufferPointer { b in for k in b.indices { b[k] *= scale } }
        }
        return norm
    }

    /// `clipByGlobalNorm` over a module's gradients, summed in parameter order.
    @discardableResult
    public static func clipByGlobalNorm(_ gradients: inout ParameterGradients, maxNorm: Float) -> Float {
        clipByGlobalNorm(&gradients.values, maxNorm: maxNorm)
    }
}
