import ReckonTensor

/// A neural-network building block with named, enumerable parameters.
///
/// Subclasses declare parameters with `@Parameter var w: Tensor` and sub-modules as plain
/// stored properties (a `Module`, an optional `Module`, or an array of modules). Names are
/// the property paths joined with dots, e.g. `layers.0.attention.query.weight`, so
/// checkpoints are readable and stable across runs.
///
/// The tree is walked once, at the first request, and the named slots are kept (as MLXNN
/// caches its parameters): the walk reflects with Mirror, and a training step asks for the
/// parameters three times. A module's structure is fixed once its initializer returns.
open class Module {
    public init() {}

    private var slots: [(name: String, box: ParameterBox)]?

    /// Every parameter slot under this module, depth first, in declaration order.
    public final func namedParameterBoxes() -> [(name: String, box: ParameterBox)] {
        if let slots { return slots }
        var out: [(String, ParameterBox)] = []
        collect(prefix: "", into: &out)
        slots = out
        return out
    }

    private func collect(prefix: String, into out: inout [(String, ParameterBox)]) {
        var mirror: Mirror? = Mirror(reflecting: self)
        var levels: [Mirror] = []
        while let m = mirror {
            levels.append(m)
            mirror = m.superclassMirror
        }
        // Superclass properties first, so a subclass's extra parameters come after its base's.
        for m in levels.reversed() {
            for child in m.children {
                guard var label = child.label else { continue }
                if label.hasPrefix("_") { label.removeFirst() }
                Module.visit(child.value, name: prefix + label, into: &out)
            }
        }
    }

    private static func visit(_ value: Any, name: String, into out: inout [(String, ParameterBox)]) {
        switch value {
        case let p as Parameter: out.append((name, p.box))
        case let m as Module: m.collect(prefix: name + ".", into: &out)
        case let ms as [Module]: for (i, m) in ms.enumerated() { m.collect(prefix: "\(name).\(i).", into: &out) }
        case let ps as [Parameter]: for (i, p) in ps.enumerated() { out.append(("\(name).\(i)", p.box)) }
        default:
            let m = Mirror(reflecting: value)
            // Optionals of modules (e.g. an absent bias layer) unwrap here.
            if m.displayStyle == .optional {
                if let inner = m.children.first?.value { visit(inner, name: name, into: &out) }
                return
            }
            // A module or parameter inside a dictionary, tuple, set or nested array would get no
            // gradient and no checkpoint entry: that is a programmer error, found at the first walk.
            if [.dictionary, .tuple, .set, .collection].contains(m.displayStyle), let found = hidden(in: value) {
                preconditionFailure(
                    "'\(name)' keeps a \(found) inside a \(m.displayStyle.map { "\($0)" } ?? "container"); "
                        + "a Module finds parameters only in a Module, an optional Module or an array of Modules")
            }
        }
    }

    /// The kind of the first module or parameter inside a container, searched through nested containers.
    private static func hidden(in value: Any) -> String? {
        if value is Module { return "Module" }
        if value is Parameter { return "Parameter" }
        let m = Mirror(reflecting: value)
        guard [.dictionary, .tuple, .set, .collection, .optional].contains(m.displayStyle) else { return nil }
        for child in m.children { if let found = hidden(in: child.value) { return found } }
        return nil
    }

    /// Parameter values by name.
    public final func namedParameters() -> [(name: String, tensor: Tensor)] {
        namedParameterBoxes().map { ($0.name, $0.box.value) }
    }

    /// Parameter values in enumeration order.
    public final var parameters: [Tensor] { namedParameterBoxes().map(\.box.value) }

    /// Parameter names in enumeration order.
    public final var parameterNames: [String] { namedParameterBoxes().map(\.name) }

    /// The gradients of scalar `loss` for every parameter of this module, by name.
    public final func gradients(of loss: Tensor) -> ParameterGradients {
        let boxes = namedParameterBoxes()
        return ParameterGradients(names: boxes.map(\.name), values: loss.gradients(wrt: boxes.map(\.box.value)))
    }

    /// Total number of trainable scalars.
    public final var parameterCount: Int { namedParameterBoxes().reduce(0) { $0 + $1.box.value.count } }

    /// Replaces parameter values by name; every name must exist and every shape must match.
    public final func load(_ values: [String: Tensor]) throws {
        let boxes = namedParameterBoxes()
        for (name, box) in boxes {
            guard let v = values[name] else { throw ModuleError.missingParameter(name) }
            guard v.shape == box.value.shape else {
                throw ModuleError.shapeMismatch(name, expected: box.value.shape, found: v.shape)
            }
            box.value = v.detached.requiringGradient()
        }
        let known = Set(boxes.map(\.name))
        if let extra = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw ModuleError.unexpectedParameter(extra)
        }
    }

    /// Runs `body` with parameters detached from autodiff, so inference records no graph.
    public final func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
        let boxes = namedParameterBoxes()
        let saved = boxes.map(\.box.value)
        for b in boxes { b.box.value = b.box.value.detached }
        defer { for (b, v) in zip(boxes, saved) { b.box.value = v } }
        return try body()
    }
}

/// Problems loading parameters into a module (e.g. a checkpoint from another machine).
public enum ModuleError: Error, CustomStringConvertible, Equatable {
    case missingParameter(String)
    case unexpectedParameter(String)
    case shapeMismatch(String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingParameter(let n): return "parameter '\(n)' is missing"
        case .unexpectedParameter(let n): return "parameter '\(n)' does not belong to this model"
        case .shapeMismatch(let n, let e, let f): return "parameter '\(n)' has shape \(f), expected \(e)"
        }
    }
}
