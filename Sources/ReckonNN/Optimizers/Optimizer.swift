import ReckonTensor

/// Updates a module's parameters from their gradients, keeping whatever state it needs.
public protocol Optimizer: AnyObject {
    /// Number of updates applied so far.
    var stepCount: Int { get }
    /// Applies one update; `gradients` are in `model.parameters` order.
    func update(_ model: Module, gradients: [Tensor])
    /// The optimizer's state as named tensors (for checkpoints), keyed by parameter name.
    func stateTensors(parameterNames: [String]) -> [String: Tensor]
    /// Restores state saved by `stateTensors`.
    func loadState(_ state: [String: Tensor], parameterNames: [String], stepCount: Int) throws
}

/// Problems restoring optimizer state from a checkpoint.
public enum OptimizerError: Error, CustomStringConvertible {
    case missingState(String)
    case shapeMismatch(String)
    public var description: String {
        switch self {
        case .missingState(let n): return "optimizer state '\(n)' is missing from the checkpoint"
        case .shapeMismatch(let n): return "optimizer state '\(n)' has the wrong shape"
        }
    }
}

extension Optimizer {
    /// Writes new values into the parameter slots as fresh gradient leaves.
    func apply(_ model: Module, _ body: (_ index: Int, _ p: UnsafeMutableBufferPointer<Float>) -> Void) {
        for (i, slot) in model.namedParameterBoxes().enumerated() {
            var v = slot.box.value
            v.withUnsafeMutableBufferPointer { body(i, $0) }
            slot.box.value = v.requiringGradient()
        }
    }
}

/// Restores per-parameter slot tensors named `prefix.<parameter>`.
func loadSlots(_ state: [String: Tensor], prefix: String, names: [String], like shapes: [[Int]]) throws -> [Tensor] {
    try zip(names, shapes).map { name, shape in
        let key = "\(prefix).\(name)"
        guard let t = state[key] else { throw OptimizerError.missingState(key) }
        guard t.shape == shape else { throw OptimizerError.shapeMismatch(key) }
        return t.detached
    }
}
