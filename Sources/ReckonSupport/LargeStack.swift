import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work that recurses once per nesting level of a user's input on a thread whose stack
/// size Reckon chooses, rather than on whatever thread the caller is: parsing and elaborating a
/// `.rasp` text at `RaspLimits.nesting` levels takes up to about 610 KiB of stack (measured:
/// 255 nested parentheses needed 574 KiB, 254 nested `map(v -> v, …)` 662 KiB, counting the
/// 55 KiB a trivial run needs), more than the 512 KiB of a secondary thread on Linux; composing a
/// sweep file hashes each mapping key recursively, and a key nested 1 000 levels deep (libyaml's
/// bound) overflowed the 8 MiB main thread under AddressSanitizer (SweepFuzz's find).
///
/// A POSIX thread, joined before `run` returns, so that everything the work made is released
/// on return: a Foundation `Thread` lets go of its closure only after it has signalled and
/// exited, which LeakSanitizer (`make fuzz`) caught holding a finished parse.
public enum LargeStack {
    /// 8 MiB, the usual main-thread stack: over ten times what the deepest program at the bound
    /// needs. Only the pages touched are ever committed.
    public static let bytes = 8 << 20

    /// What the thread runs; not generic, so the C entry point can call it.
    private class Work {
        func run() {}
    }

    /// The body and, once it ran, its result.
    private final class Job<T>: Work {
        var body: (() throws -> T)?
        var result: Result<T, Error>?
        init(_ body: @escaping () throws -> T) { self.body = body }
        override func run() { result = Result { try body!() } }
    }

    /// `body`'s result, computed on a new thread with a stack of `bytes` while this one waits (or
    /// on this thread if no thread can be made).
    public static func run<T>(bytes: Int = bytes, _ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let job = Job(body)
            // `withoutActuallyEscaping` traps if the body outlives the call.
            defer { job.body = nil }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, bytes)
            let context = Unmanaged.passRetained(job as Work).toOpaque()
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let created = pthread_create(
                &thread, &attributes,
                { context in
                    let pointer: UnsafeMutableRawPointer? = context
                    Unmanaged<Work>.fromOpaque(pointer!).takeRetainedValue().run()
                    return nil
                }, context)
            guard created == 0 else {
                Unmanaged<Work>.fromOpaque(context).release()
                return try body()
            }
            #if canImport(Darwin)
            pthread_join(thread!, nil)
            #else
            pthread_join(thread, nil)
            #endif
            let result = job.result!
            job.result = nil
            return try result.get()
        }
    }
}
