import Dispatch
import Foundation

/// Splits loops over large tensors across cores; small loops stay on the calling thread,
/// because dispatch costs more than the work below a few tens of thousands of elements.
public enum Parallel {
    /// Elements below which a loop runs on one thread.
    public static let threshold = 1 << 15
    /// Worker count: the active cores.
    public static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body(start, end)` over disjoint chunks covering `0..<count`.
    @inline(__always)
    public static func chunks(_ count: Int, cost: Int = 1, _ body: (Int, Int) -> Void) {
        if count * cost < threshold || workers == 1 || count < 2 {
            body(0, count)
            return
        }
        let parts = min(workers, count)
        let size = (count + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let s = p * size
            let e = min(count, s + size)
            if s < e { body(s, e) }
        }
    }
}
