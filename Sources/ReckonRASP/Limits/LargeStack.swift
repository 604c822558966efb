import Foundation

/// Runs work that recurses once per nesting level of a user's program on a thread whose stack
/// size Reckon chooses, rather than on whatever thread the caller is: parsing and elaborating a
/// `.rasp` text at `RaspLimits.nesting` levels takes up to about 610 KiB of stack (measured:
/// 255 nested parentheses needed 574 KiB, 254 nested `map(v -> v, …)` 662 KiB, counting the
/// 55 KiB a trivial run needs), more than the 512 KiB of a secondary thread on Linux.
enum LargeStack {
    /// 8 MiB, the usual main-thread stack: over ten times what the deepest program at the bound
    /// needs. Only the pages touched are ever committed.
    static let bytes = 8 << 20

    /// The body and, once it ran, its result; handed to the thread and read back after it ends.
    /// The thread drops the body before it signals, since `withoutActuallyEscaping` traps if the
    /// body outlives the call (the Thread object may be freed later).
    private final class Job<T>: @unchecked Sendable {
        var body: (() throws -> T)?
        var result: Result<T, Error>?
        init(_ body: @escaping () throws -> T) { self.body = body }
    }

    /// `body`'s result, computed on a new thread with a stack of `bytes` while this one waits.
    static func run<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let job = Job(body)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                job.result = Result { try job.body!() }
                job.body = nil
                done.signal()
            }
            thread.stackSize = bytes
            thread.start()
            done.wait()
            return try job.result!.get()
        }
    }
}
