import ReckonTensor

/// Updates a module's parameters from their gradients, keeping whatever state it needs.
public protocol Optimizer: AnyObject {
    /// Number of updates applied so far.
    var stepCount: Int { get }
    /// Applies one update; `gradients` are in `model.parameters` order.
    func update(_ model: Module, gradients: [Tensor])
    /// The optimizer's state as named tensors (for checkpoints), keyed by parameter name.
    func stateTensors(parameterNames: [String]) -> [String: Tensor]
    /// Restores state saved by `stateTensors`, checked name by name and shape by shape against
    /// `model`'s parameters: a slot of the wrong shape would be read out of bounds by `update`.
    func loadState(_ state: [String: Tensor], for model: Module, stepCount: Int) throws
}

/// Problems restoring optimizer state from a checkpoint.
public enum OptimizerError: Error, CustomStringConvertible, Equatable {
    case missingState(String)
    case shapeMismatch(String, expected: [Int], found: [Int])
    case unexpectedState(String)
    case invalidStepCount(Int)
    public var description: String {
        switch self {
        case .missingState(let n): return "optimizer state '\(n)' is missing from the checkpoint"
        case let .shapeMismatch(n, e, f):
            return "optimizer state '\(n)' has shape \(f), but its parameter has shape \(e)"
        case .unexpectedState(let n): return "optimizer state '\(n)' belongs to no parameter of this model"
        case .invalidStepCount(let n): return "optimizer step count \(n) is negative"
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

/// Restores per-parameter slots named `<prefix>.<parameter>` for every prefix, in parameter
/// order. Every slot must exist with its parameter's shape, and no other key may be present:
/// `stepCount` 0 means a fresh optimizer, which has no state at all.
func loadSlots(_ state: [String: Tensor], prefixes: [String], model: Module, stepCount: Int) throws -> [[Tensor]] {
    guard stepCount >= 0 else { throw OptimizerError.invalidStepCount(stepCount) }
    let parameters = model.namedParameters()
    var expected = Set<String>()
    let slots: [[Tensor]] = try prefixes.map { prefix in
        try parameters.map { name, parameter in
            let key = "\(prefix).\(name)"
            expected.insert(key)
            guard stepCount > 0 else { return parameter }
            guard let t = state[key] else { throw OptimizerError.missingState(key) }
            guard t.shape == parameter.shape else {
                throw OptimizerError.shapeMismatch(key, expected: parameter.shape, found: t.shape)
            }
            return t.detached
        }
    }
    let allowed = stepCount > 0 ? expected : []
    if let extra = state.keys.sorted().first(where: { !allowed.contains($0) }) {
        throw OptimizerError.unexpectedState(extra)
    }
    return stepCount > 0 ? slots : prefixes.map { _ in [] }
}
