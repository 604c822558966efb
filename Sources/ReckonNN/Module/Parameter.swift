import ReckonTensor

/// Marks a stored `Tensor` of a `Module` as a trainable parameter.
///
/// Why a wrapper around a reference box: `Mirror` can read stored properties but not
/// write them, and optimizers must replace parameter values in place. The box gives the
/// module tree stable, named, writable slots without any registration boilerplate.
@propertyWrapper
public struct Parameter {
    /// The shared slot holding the current value.
    public let box: ParameterBox

    public init(wrappedValue: Tensor) { box = ParameterBox(wrappedValue) }

    public var wrappedValue: Tensor {
        get { box.value }
        nonmutating set { box.value = newValue }
    }
}

/// The mutable slot behind a `@Parameter`.
public final class ParameterBox {
    /// The current value; a gradient leaf while the module is trainable.
    public var value: Tensor
    init(_ value: Tensor) { self.value = value.requiringGradient() }
}
