import Foundation
import ReckonTensor

/// Adam with bias correction (as optax.adam: ε outside the square root), and AdamW's
/// decoupled weight decay when `weightDecay` > 0.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    public private(set) var stepCount = 0
    private var m: [Tensor] = [], v: [Tensor] = []

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0) {
        self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2
        self.epsilon = epsilon; self.weightDecay = weightDecay
    }

    public func update(_ model: Module, gradients: [Tensor]) {
        let params = model.parameters
        precondition(gradients.count == params.count, "Adam: \(gradients.count) gradients for \(params.count) parameters")
        if m.isEmpty {
            m = params.map { Tensor.zeros($0.shape) }
            v = params.map { Tensor.zeros($0.shape) }
        }
        // The loop below walks raw buffers by the parameter's count; a slot of another size
        // would be read and written out of bounds (a checkpoint once corrupted the heap so).
        precondition(m.count == params.count && v.count == params.count,
                     "Adam: state for \(m.count) of \(params.count) parameters")
        for i in params.indices {
            precondition(m[i].shape == params[i].shape && v[i].shape == params[i].shape,
                         "Adam: state \(i) has the wrong shape")
        }
        precondition(stepCount < Int.max, "Adam: step count overflows")
        stepCount += 1
        let t = Double(stepCount)
        let c1 = Float(1 / (1 - Foundation.pow(Double(beta1), t))), c2 = Float(1 / (1 - Foundation.pow(Double(beta2), t)))
        let b1 = beta1, b2 = beta2, eps = epsilon, lr = learningRate, wd = weightDecay
        apply(model) { i, p in
            precondition(gradients[i].shape == params[i].shape, "Adam: gradient \(i) has shape \(gradients[i].shape)")
            gradients[i].withUnsafeBufferPointer { g in
                m[i].withUnsafeMutableBufferPointer { mb in
                    v[i].withUnsafeMutableBufferPointer { vb in
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

    public func stateTensors(parameterNames: [String]) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (i, n) in parameterNames.enumerated() where i < m.count {
            out["adam.m.\(n)"] = m[i]; out["adam.v.\(n)"] = v[i]
        }
        return out
    }

    public func loadState(_ state: [String: Tensor], for model: Module, stepCount: Int) throws {
        let slots = try loadSlots(state, prefixes: ["adam.m", "adam.v"], model: model, stepCount: stepCount)
        m = slots[0]; v = slots[1]
        self.stepCount = stepCount
    }
}
