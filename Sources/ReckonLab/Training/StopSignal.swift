import Foundation

/// SIGINT / SIGTERM turn into a request the training loop honours between steps, so an
/// interrupted run writes a checkpoint and exits cleanly instead of dying mid-write.
public enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Whether a stop was requested since `install()`.
    public static var requested: Bool { flag != 0 }

    /// Routes SIGINT and SIGTERM to the flag.
    public static func install() {
        flag = 0
        signal(SIGINT) { _ in StopSignal.flag = 1 }
        signal(SIGTERM) { _ in StopSignal.flag = 1 }
    }

    /// Restores default handling (a second Ctrl-C then kills as usual).
    public static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// For tests: behave as if a signal had arrived.
    public static func simulate() { flag = 1 }
    public static func reset() { flag = 0 }
}
