import CReckonBLAS

/// Keeps freed tensor buffers in the process heap instead of returning them to the OS.
///
/// Why: glibc serves blocks above 128 KiB with fresh `mmap`s, so every large op output
/// (a [128, 1024] gate matrix is 512 KiB) paid page faults on first touch, which cost
/// 40 % of a 128x264x1024 matmul. Raising the mmap and trim thresholds once keeps those
/// blocks recycled. Other platforms' allocators do not have this problem.
let configureAllocator: Void = {
    #if os(Linux)
    _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
    _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    #endif
}()

/// A contiguous, 64-byte aligned Float32 buffer. Tensors share one until a copy writes
/// (copy-on-write is decided in `Tensor`, which checks unique ownership).
public final class TensorStorage {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    /// Uninitialized storage; callers must write every element before reading.
    public init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative element count")
        self.count = count
        _ = configureAllocator
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
