import Dispatch
import Foundation
import ReckonSupport

/// Splits loops over large tensors across cores; small loops stay on the calling thread,
/// because dispatch costs more than the work below a few tens of thousands of elements.
public enum Parallel {
    /// Elements below which a loop runs on one thread.
    public static let threshold = 1 << 15
    /// The environment variable that sets the worker count (a sweep gives each of its jobs a share
    /// of the cores this way).
    public static let threadsVariable = "RECKON_THREADS"

    /// Worker count: `RECKON_THREADS` when set, else the active cores.
    public static let workers: Int = {
        if let text = ProcessInfo.processInfo.environment[threadsVariable], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Whether the calling thread is already one of several running in parallel (inside
    /// `forEach`), so its loops and matrix products must not split again.
    @inline(__always)
    public static var isNested: Bool { pthread_getspecific(nestedKey) != nil }

    private static let nestedKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Calls `body(start, end)` over disjoint chunks covering `0..<count`.
    @inline(__always)
    public static func chunks(_ count: Int, cost: Int = 1, _ body: (Int, Int) -> Void) {
        if count * cost < threshold || workers == 1 || count < 2 || isNested {
            body(0, count)
            return
        }
        let parts = min(workers, count)
        let size = (count + parts - 1) / parts
        withoutActuallyEscaping(body) { body in
            let work = SharedWork(body)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let s = p * size
                let e = min(count, s + size)
                if s < e { work.body(s, e) }
            }
        }
    }

    /// Calls `body(i)` for every i in `0..<count`, up to `workers` at a time, each on one thread:
    /// the loops and products inside run unsplit. For independent work items (evaluation
    /// sub-batches) this keeps every core busy without a synchronization per time step.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if workers == 1 || count < 2 || isNested {
            for i in 0..<count { body(i) }
            return
        }
        let next = Counter()
        withoutActuallyEscaping(body) { body in
            let work = SharedWork(body)
            DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
                pthread_setspecific(nestedKey, UnsafeRawPointer(bitPattern: 1))
                defer { pthread_setspecific(nestedKey, nil) }
                while true {
                    let i = next.take()
                    if i >= count { break }
                    work.body(i)
                }
            }
        }
    }

    /// A shared index that threads take work items from.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
    }
}
