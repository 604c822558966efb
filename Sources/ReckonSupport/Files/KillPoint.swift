import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Places where the kill test has the process SIGKILL itself, named by `RECKON_KILL_AT`.
///
/// Why: a timed `kill -9` from outside almost never lands inside a checkpoint write (a few
/// hundred microseconds of a tiny run), yet those are the moments atomic writes exist for.
/// With `RECKON_KILL_AT="write 3 partial"` the third atomic write of the process dies with
/// half its temporary file written; `step 40` dies after training step 40, `eval 7` after
/// evaluating length 7. SIGKILL skips every cleanup, exactly as an external kill does.
/// Unset (always, outside tests), each point costs one comparison.
public enum KillPoint: Equatable, Sendable {
    /// How far an atomic write got: half the temporary file, all of it, or renamed into place.
    public enum WritePhase: String, Sendable { case partial, complete, renamed }

    /// After the given (1-based) atomic write of the process reached the phase.
    case write(Int, WritePhase)
    /// After training step N completed, before anything for it is saved.
    case step(Int)
    /// After evaluation length L was measured.
    case eval(Int)

    /// The point named by `RECKON_KILL_AT`, read once.
    static let armed: KillPoint? =
        ProcessInfo.processInfo.environment["RECKON_KILL_AT"].flatMap(KillPoint.init(parsing:))

    nonisolated(unsafe) private static var writes = 0

    /// Parses "write N partial|complete|renamed", "step N" or "eval L".
    public init?(parsing text: String) {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 2, let n = Int(words[1]) else { return nil }
        switch (words[0], words.count) {
        case ("write", 3):
            guard let phase = WritePhase(rawValue: words[2]) else { return nil }
            self = .write(n, phase)
        case ("step", 2): self = .step(n)
        case ("eval", 2): self = .eval(n)
        default: return nil
        }
    }

    /// Counts an atomic write; returns its 1-based number (0 when no kill point is armed).
    static func nextWrite() -> Int {
        guard armed != nil else { return 0 }
        writes += 1
        return writes
    }

    /// Kills the process with SIGKILL if `point` is the armed one.
    public static func reached(_ point: KillPoint) {
        guard let armed, armed == point else { return }
        kill(getpid(), SIGKILL)
    }
}
