import ReckonTensor

/// Updates a module's parameters from their gradients, keeping per-parameter state by name.
public protocol Optimizer: AnyObject {
    /// Number of updates applied so far.
    var stepCount: Int { get }
    /// Applies one update; the gradients must name exactly `model`'s parameters.
    func update(_ model: Module, gradients: ParameterGradients)
    /// The optimizer's state as named tensors for checkpoints (`adam.m.<parameter>`, ...).
    func stateTensors() -> [String: Tensor]
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
        case .shapeMismatch(let n, let e, let f):
            return "optimizer state '\(n)' has shape \(f), but its parameter has shape \(e)"
        case .unexpectedState(let n): return "optimizer state '\(n)' belongs to no parameter of this model"
        case .invalidStepCount(let n): return "optimizer step count \(n) is negative"
        }
    }
}

/// One tensor per parameter, keyed by the parameter's name: an optimizer's moments or velocities.
struct ParameterSlots {
    private(set) var tensors: [String: Tensor] = [:]

    var isEmpty: Bool { tensors.isEmpty }

    /// Zeros shaped like every parameter of `model`.
    static func zeros(like model: Module) -> ParameterSlots {
        var s = ParameterSlots()
        for (name, box) in model.namedParameterBoxes() { s.tensors[name] = Tensor.zeros(box.value.shape) }
        return s
    }

    /// Restores slots named `<prefix>.<parameter>`: every parameter's slot must be present with its
    /// shape (stepCount > 0), and no other key with this prefix may be.
    static func load(_ state: [String: Tensor], prefix: String, model: Module, stepCount: Int) throws -> ParameterSlots
    {
        var s = ParameterSlots()
        guard stepCount > 0 else { return s }
        for (name, box) in model.namedParameterBoxes() {
            let key = "\(prefix).\(name)"
            guard let t = state[key] else { throw OptimizerError.missingState(key) }
            guard t.shape == box.value.shape else {
                throw OptimizerError.shapeMismatch(key, expected: box.value.shape, found: t.shape)
            }
            s.tensors[name] = t.detached
        }
        return s
    }

    /// The slots as checkpoint entries `<prefix>.<parameter>`.
    func named(_ prefix: String) -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: tensors.map { ("\(prefix).\($0.key)", $0.value) })
    }

    subscript(name: String) -> Tensor {
        get {
            guard let t = tensors[name] else { preconditionFailure("no optimizer state for parameter '\(name)'") }
            return t
        }
        set { tensors[name] = newValue }
    }
}

extension Optimizer {
    /// Calls `body` with each parameter's name, its gradient and its buffer, then writes the new
    /// value back as a fresh gradient leaf. The gradients must name `model`'s parameters in order,
    /// and each gradient must have its parameter's shape: the loops index raw buffers.
    func apply(
        _ model: Module, _ gradients: ParameterGradients,
        _ body: (_ name: String, _ gradient: Tensor, _ p: UnsafeMutableBufferPointer<Float>) -> Void
    ) {
        let slots = model.namedParameterBoxes()
        precondition(
            gradients.names.count == slots.count && zip(gradients.names, slots).allSatisfy { $0 == $1.name },
            "gradients name other parameters than the model's")
        for (i, slot) in slots.enumerated() {
            precondition(
                gradients.values[i].shape == slot.box.value.shape,
                "gradient of '\(slot.name)' has shape \(gradients.values[i].shape), the parameter "
                    + "\(slot.box.value.shape)"
            )
            var v = slot.box.value
            v.withUnsafeMutableBufferPointer { body(slot.name, gradients.values[i], $0) }
            slot.box.value = v.requiringGradient()
        }
    }
}

/// Refuses state keys that belong to no slot of any prefix.
func checkNoExtraState(_ state: [String: Tensor], prefixes: [String], model: Module, stepCount: Int) throws {
    guard stepCount >= 0 else { throw OptimizerError.invalidStepCount(stepCount) }
    let names = stepCount > 0 ? Set(model.parameterNames.flatMap { n in prefixes.map { "\($0).\(n)" } }) : []
    if let extra = state.keys.sorted().first(where: { !names.contains($0) }) {
        throw OptimizerError.unexpectedState(extra)
    }
}
