import ReckonTensor

/// The gradients of a loss for every parameter of a module, keyed by parameter name and kept in
/// the module's parameter order (a global norm sums them in that order, so runs stay bit-identical).
public struct ParameterGradients {
    /// Parameter names, in the module's order.
    public let names: [String]
    /// One gradient per name, each of its parameter's shape.
    public var values: [Tensor]

    public init(names: [String], values: [Tensor]) {
        precondition(names.count == values.count, "\(names.count) names for \(values.count) gradients")
        self.names = names
        self.values = values
    }

    /// The gradient of the parameter called `name`.
    public subscript(name: String) -> Tensor? {
        names.firstIndex(of: name).map { values[$0] }
    }
}
