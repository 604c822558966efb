import CReckonKernels
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

    /// Worker count: the last `setWorkers` value, else `RECKON_THREADS` when set, else the active cores.
    public static var workers: Int {
        let chosen = Int(reckon_parallel_workers())
        return chosen > 0 ? chosen : defaultWorkers
    }

    /// `RECKON_THREADS` when set, else the active cores; read once.
    public static let defaultWorkers: Int = {
        if let text = ProcessInfo.processInfo.environment[threadsVariable], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Sets the worker count for the rest of the process (nil: back to `defaultWorkers`).
    ///
    /// `reckon bench peers` times one thread and all cores in one process, so the count must
    /// change after loops have read it; a `static let` (what `workers` was) is fixed at first use,
    /// and `--threads 1` then timed Reckon on both cores against PyTorch on one (1.95× where
    /// `RECKON_THREADS=1` gave 1.24×, issue 26). The value is a relaxed C atomic: a plain load on
    /// x86-64 and arm64, where a lock would be taken by every split decision, from every thread
    /// of a `forEach` at once; Swift's `Atomic` needs macOS 15 and the package supports 13.
    /// Each loop reads the count once, so a change while loops run applies from the next one.
    public static func setWorkers(_ count: Int?) {
        precondition(count.map { $0 >= 1 } ?? true, "Parallel.setWorkers needs at least one worker")
        reckon_set_parallel_workers(Int32(clamping: count ?? 0))
    }

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
        if count * cost < threshold || count < 2 || isNested {
            body(0, count)
            return
        }
        let workers = workers
        if workers == 1 {
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
        let workers = workers
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
        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value - 1
        }
    }
}
