import ReckonTensor

/// Stochastic gradient descent with optional (heavy-ball) momentum: v = μv + g; p −= lr·v.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public private(set) var stepCount = 0
    private var velocity: [Tensor] = []

    public init(learningRate: Float, momentum: Float = 0) {
        self.learningRate = learningRate; self.momentum = momentum
    }

    public func update(_ model: Module, gradients: [Tensor]) {
        let params = model.parameters
        precondition(gradients.count == params.count, "SGD: \(gradients.count) gradients for \(params.count) parameters")
        if velocity.isEmpty { velocity = params.map { Tensor.zeros($0.shape) } }
        // As in Adam: the loop walks raw buffers by the parameter's count.
        precondition(velocity.count == params.count, "SGD: state for \(velocity.count) of \(params.count) parameters")
        for i in params.indices {
            precondition(velocity[i].shape == params[i].shape && gradients[i].shape == params[i].shape,
                         "SGD: shape mismatch at \(i)")
        }
        stepCount += 1
        let lr = learningRate, mu = momentum
        apply(model) { i, p in
            gradients[i].withUnsafeBufferPointer { g in
                velocity[i].withUnsafeMutableBufferPointer { vb in
                    for k in 0..<p.count {
                        let vk = mu * vb[k] + g[k]
                        vb[k] = vk
                        p[k] -= lr * vk
                    }
                }
            }
        }
    }

    public func stateTensors(parameterNames: [String]) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (i, n) in parameterNames.enumerated() where i < velocity.count { out["sgd.velocity.\(n)"] = velocity[i] }
        return out
    }

    public func loadState(_ state: [String: Tensor], for model: Module, stepCount: Int) throws {
        velocity = try loadSlots(state, prefixes: ["sgd.velocity"], model: model, stepCount: stepCount)[0]
        self.stepCount = stepCount
    }
}
