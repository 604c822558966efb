/// `--shard i/n` of `reckon sweep run`: the runs whose index is i modulo n, so n machines that share
/// a sweep directory's file system can split it without a scheduler.
public struct Shard: Equatable, Sendable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "Shard: 0 <= index < count")
        self.index = index
        self.count = count
    }

    /// Parses `i/n`; a one-line error unless 0 <= i < n.
    public static func parse(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 0, i < n else {
            throw SweepError("--shard expects i/n with 0 <= i < n, got '\(text)'")
        }
        return Shard(index: i, count: n)
    }

    /// Whether the run at `runIndex` belongs to this shard.
    public func contains(_ runIndex: Int) -> Bool { runIndex % count == index }
}
