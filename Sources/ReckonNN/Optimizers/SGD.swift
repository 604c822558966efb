import ReckonTensor

/// Stochastic gradient descent with optional (heavy-ball) momentum: v = μv + g; p −= lr·v.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public private(set) var stepCount = 0
    private var velocity = ParameterSlots()

    public init(learningRate: Float, momentum: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public func update(_ model: Module, gradients: ParameterGradients) {
        if velocity.isEmpty { velocity = .zeros(like: model) }
        stepCount += 1
        let lr = learningRate
        let mu = momentum
        apply(model, gradients) { name, gradient, p in
            precondition(velocity[name].count == p.count, "SGD: state of '\(name)' has the wrong size")
            gradient.withUnsafeBufferPointer { g in
                velocity[name].withUnsafeMutableBufferPointer { vb in
                    for k in 0..<p.count {
                        let vk = mu * vb[k] + g[k]
                        vb[k] = vk
                        p[k] -= lr * vk
                    }
                }
            }
        }
    }

    public func stateTensors() -> [String: Tensor] { velocity.named("sgd.velocity") }

    public func loadState(_ state: [String: Tensor], for model: Module, stepCount: Int) throws {
        try checkNoExtraState(state, prefixes: ["sgd.velocity"], model: model, stepCount: stepCount)
        velocity = try .load(state, prefix: "sgd.velocity", model: model, stepCount: stepCount)
        self.stepCount = stepCount
    }
}
