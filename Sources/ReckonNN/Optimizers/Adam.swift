import Foundation
import ReckonTensor

/// Adam with bias correction (as optax.adam: ε outside the square root), and AdamW's
/// decoupled weight decay when `weightDecay` > 0. Its moments are kept by parameter name.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    public private(set) var stepCount = 0
    private var m = ParameterSlots(), v = ParameterSlots()

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0) {
        self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2
        self.epsilon = epsilon; self.weightDecay = weightDecay
    }

    public func update(_ model: Module, gradients: ParameterGradients) {
        if m.isEmpty {
            m = .zeros(like: model)
            v = .zeros(like: model)
        }
        precondition(stepCount < Int.max, "Adam: step count overflows")
        stepCount += 1
        let t = Double(stepCount)
        let c1 = Float(1 / (1 - Foundation.pow(Double(beta1), t))), c2 = Float(1 / (1 - Foundation.pow(Double(beta2), t)))
        let b1 = beta1, b2 = beta2, eps = epsilon, lr = learningRate, wd = weightDecay
        apply(model, gradients) { name, gradient, p in
            // Loaded state was checked against the parameters' shapes (loadState), fresh state is
            // made from them; a mismatch here would index the moments out of bounds.
            precondition(m[name].count == p.count && v[name].count == p.count, "Adam: state of '\(name)' has the wrong size")
            gradient.withUnsafeBufferPointer { g in
                m[name].withUnsafeMutableBufferPointer { mb in
                    v[name].withUnsafeMutableBufferPointer { vb in
                        for k in 0..<p.count {
                            let gk = g[k]
                            let mk = b1 * mb[k] + (1 - b1) * gk
                            let vk = b2 * vb[k] + (1 - b2) * gk * gk
                            mb[k] = mk; vb[k] = vk
                            p[k] -= lr * ((mk * c1) / ((vk * c2).squareRoot() + eps) + wd * p[k])
                        }
                    }
                }
            }
        }
    }

    public func stateTensors() -> [String: Tensor] {
        m.named("adam.m").merging(v.named("adam.v")) { a, _ in a }
    }

    /// Throws what `loadState` would for this state, without an optimizer: evaluation checks a
    /// checkpoint whole but needs no moments.
    public static func checkState(_ state: [String: Tensor], for model: Module, stepCount: Int) throws {
        try checkNoExtraState(state, prefixes: ["adam.m", "adam.v"], model: model, stepCount: stepCount)
        _ = try ParameterSlots.load(state, prefix: "adam.m", model: model, stepCount: stepCount)
        _ = try ParameterSlots.load(state, prefix: "adam.v", model: model, stepCount: stepCount)
    }

    public func loadState(_ state: [String: Tensor], for model: Module, stepCount: Int) throws {
        try checkNoExtraState(state, prefixes: ["adam.m", "adam.v"], model: model, stepCount: stepCount)
        m = try .load(state, prefix: "adam.m", model: model, stepCount: stepCount)
        v = try .load(state, prefix: "adam.v", model: model, stepCount: stepCount)
        self.stepCount = stepCount
    }
}
