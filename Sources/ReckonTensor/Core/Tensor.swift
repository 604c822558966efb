import ReckonSupport

/// An n-dimensional Float32 array, row-major, with value semantics.
///
/// Copies share storage until one of them writes. A tensor that takes part in a
/// gradient computation carries a reference to the node that produced it; plain
/// tensors carry none and cost no bookkeeping.
public struct Tensor {
    /// The extent of each axis; `[]` for a scalar.
    public private(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage
    /// The autodiff node that produced this tensor, if any input required gradients.
    var node: GradNode?
    /// Which output of `node` this tensor is.
    var outputIndex: Int = 0

    /// Wraps storage of exactly `shape`'s element count.
    public init(shape: [Int], storage: TensorStorage) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(Shape.count(shape) == storage.count, "shape \(shape) does not match \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor from row-major values.
    public init(_ values: [Float], shape: [Int]) {
        precondition(
            Shape.count(shape) == values.count, "shape \(shape) needs \(Shape.count(shape)) values, got \(values.count)"
        )
        let s = TensorStorage(uninitializedCount: values.count)
        values.withUnsafeBufferPointer { s.pointer.update(from: $0.baseAddress!, count: values.count) }
        self.init(shape: shape, storage: s)
    }

    /// A 1-D tensor from values.
    public init(_ values: [Float]) { self.init(values, shape: [values.count]) }

    /// A scalar tensor.
    public init(scalar: Float) { self.init([scalar], shape: []) }

    /// A tensor of one repeated value.
    public init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, storage: TensorStorage(count: Shape.count(shape), repeating: value))
    }

    /// All zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    /// All ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }
    /// One repeated value.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor { Tensor(shape: shape, repeating: value) }

    /// `start, start+step, ...` below `end`, as a 1-D tensor.
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) -> Tensor {
        precondition(step != 0, "arange step must be non-zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Float($0) * step })
    }

    /// Uniform values in [low, high).
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, rng: inout RandomGenerator) -> Tensor {
        let t = Tensor(shape: shape, storage: TensorStorage(uninitializedCount: Shape.count(shape)))
        let p = t.storage.pointer
        for i in 0..<t.count { p[i] = low + (high - low) * rng.nextFloat() }
        return t
    }

    /// Normal values with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, rng: inout RandomGenerator) -> Tensor {
        let t = Tensor(shape: shape, storage: TensorStorage(uninitializedCount: Shape.count(shape)))
        let p = t.storage.pointer
        for i in 0..<t.count { p[i] = mean + std * Float(rng.nextNormal()) }
        return t
    }

    /// Normal values truncated to two standard deviations, rescaled so the result has
    /// standard deviation `std` (as Haiku's `TruncatedNormal`, which divides by 0.8796...).
    public static func truncatedNormal(
        _ shape: [Int], mean: Float = 0, std: Float = 1, rng: inout RandomGenerator
    ) -> Tensor {
        let t = Tensor(shape: shape, storage: TensorStorage(uninitializedCount: Shape.count(shape)))
        let p = t.storage.pointer
        let scale = Double(std) / 0.87962566103423978
        for i in 0..<t.count {
            var z = rng.nextNormal()
            while Swift.abs(z) > 2 { z = rng.nextNormal() }
            p[i] = mean + Float(z * scale)
        }
        return t
    }

    /// Number of elements.
    @inlinable public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// The values in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }
    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item needs a one-element tensor, shape is \(shape)")
        return storage.pointer[0]
    }
    /// Whether this tensor takes part in a gradient computation.
    public var requiresGradient: Bool { node != nil }

    /// Read access to the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(storage.buffer))
    }

    /// Write access to the elements; copies shared storage first. Drops any autodiff
    /// link, because a mutated value is no longer what the recorded op produced.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = TensorStorage(copying: storage) }
        node = nil
        return try body(storage.buffer)
    }

    /// Element at a multi-index.
    public subscript(index: [Int]) -> Float {
        get { storage.pointer[Shape.offset(of: index, in: shape)] }
        set {
            let o = Shape.offset(of: index, in: shape)
            withUnsafeMutableBufferPointer { $0[o] = newValue }
        }
    }

    /// The same values without any autodiff link: gradients do not flow through it.
    public var detached: Tensor { Tensor(shape: shape, storage: storage) }

    /// The same values as a fresh gradient leaf (a parameter to differentiate with respect to).
    public func requiringGradient() -> Tensor {
        var t = Tensor(shape: shape, storage: storage)
        t.node = GradNode(leafShape: shape)
        return t
    }

    /// A new tensor sharing this storage under another shape of the same size (no autodiff link).
    func withShape(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: storage) }

    /// A tensor over freshly allocated, uninitialized storage.
    static func uninitialized(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(uninitializedCount: Shape.count(shape)))
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = scalars.prefix(16).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(values)\(count > 16 ? ", ..." : "")])"
    }
}
