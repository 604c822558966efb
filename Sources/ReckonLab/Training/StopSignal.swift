import Foundation

/// SIGINT / SIGTERM turn into a request the training loop honours between steps, so an
/// interrupted run writes a checkpoint and exits cleanly instead of dying mid-write.
public enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Whether a stop was requested since `install()`.
    public static var requested: Bool { flag != 0 }

    /// Routes SIGINT and SIGTERM to the flag. They are also unblocked: a child inherits its
    /// parent's signal mask across exec, and a reckon started by a harness that blocks them
    /// (Foundation's Process under the test runner does) never saw a Ctrl-C or SIGTERM.
    public static func install() {
        flag = 0
        signal(SIGINT) { _ in StopSignal.flag = 1 }
        signal(SIGTERM) { _ in StopSignal.flag = 1 }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Restores default handling (a second Ctrl-C then kills as usual).
    public static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// A second guard while evaluating: one sub-batch at a huge length can run for minutes
    /// before the evaluator next asks `requested`. If a stop is requested and not honoured
    /// within `grace` seconds, this prints `message` on stderr and exits with `code`. That is
    /// safe because evaluation writes nothing until it ends and the run is marked
    /// evaluation-incomplete before it starts. Returns the function that disarms the guard;
    /// once it returns, the guard can no longer exit.
    public static func exitIfIgnored(after grace: Double, message: String, code: Int32) -> () -> Void {
        let guardState = Watchdog()
        let thread = Thread {
            var seen: Double?
            while true {
                usleep(50_000)
                guardState.lock.lock()
                defer { guardState.lock.unlock() }
                if guardState.disarmed { return }
                guard requested else { continue }
                let now = Stopwatch.now()
                if let first = seen, now - first >= grace {
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                    _exit(code)
                }
                if seen == nil { seen = now }
            }
        }
        thread.start()
        return {
            guardState.lock.lock()
            guardState.disarmed = true
            guardState.lock.unlock()
        }
    }

    private final class Watchdog: @unchecked Sendable {
        let lock = NSLock()
        var disarmed = false
    }

    /// For tests: behave as if a signal had arrived.
    public static func simulate() { flag = 1 }
    public static func reset() { flag = 0 }
}
