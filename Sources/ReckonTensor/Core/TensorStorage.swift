/// A contiguous, 64-byte aligned Float32 buffer. Tensors share one until a copy writes
/// (copy-on-write is decided in `Tensor`, which checks unique ownership).
public final class TensorStorage {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    /// Uninitialized storage; callers must write every element before reading.
    public init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative element count")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Storage filled with one value.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    /// A deep copy of another storage.
    public convenience init(copying other: TensorStorage) {
        self.init(uninitializedCount: other.count)
        pointer.update(from: other.pointer, count: other.count)
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    /// The elements as a buffer pointer.
    @inline(__always)
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
