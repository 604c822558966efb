import Foundation

/// Counts the floating-point operations of every sgemm while switched on, so benchmarks
/// can report GFLOP per training step from the shapes actually multiplied. Off by default
/// (one branch per sgemm); never used for anything but measurement.
public enum FLOPCounter {
    nonisolated(unsafe) static var isCounting = false
    nonisolated(unsafe) private static var total = 0.0
    private static let lock = NSLock()

    static func add(_ flop: Double) {
        lock.lock()
        total += flop
        lock.unlock()
    }

    /// Runs `body` and returns the sgemm FLOPs it performed.
    public static func count(_ body: () -> Void) -> Double {
        lock.lock()
        total = 0
        isCounting = true
        lock.unlock()
        body()
        lock.lock()
        isCounting = false
        let t = total
        lock.unlock()
        return t
    }
}
