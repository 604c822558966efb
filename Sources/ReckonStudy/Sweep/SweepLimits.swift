/// The bounds a sweep file is checked against before anything it asks for is built: its size, how
/// many keys and values it holds, and how many runs it plans (counted from the axis sizes, before
/// one run is made). A file beyond a bound is a one-line error naming the bound.
///
/// A 1.6 KB file with five axes of 100 values plans 10^10 runs; expanding it before counting took
/// 4 GB and aborted (issue 25 #3).
public struct SweepLimits: Sendable, Equatable {
    /// Bytes of sweep file text. The largest example, chomsky-quick.yaml, is under 1 KB.
    public var maxBytes: Int
    /// Keys and values read from the file in all; a value reached through a YAML alias counts at each
    /// use, so an alias cannot multiply the work beyond this.
    public var maxValues: Int
    /// Keys in one mapping (`base`, `axes`, a machine's section, one rule). The settings of all machines
    /// and runs together number under 100; this bounds the per-run work of unknown `task.<name>` keys.
    public var maxKeysPerMapping: Int
    /// Rules in `exclude` and `include` together. Every planned run is checked against every exclude rule.
    public var maxRules: Int
    /// Runs a sweep may plan, counted before expanding: the product of its axes per machine, plus its
    /// include rules (exclude rules are not subtracted, so this bounds the count from above).
    public var maxRuns: Int

    public init(maxBytes: Int, maxValues: Int, maxKeysPerMapping: Int, maxRules: Int, maxRuns: Int) {
        self.maxBytes = maxBytes
        self.maxValues = maxValues
        self.maxKeysPerMapping = maxKeysPerMapping
        self.maxRules = maxRules
        self.maxRuns = maxRuns
    }

    /// The bounds `reckon sweep run`, `submit` and `--dry-run` apply.
    ///
    /// 100 000 runs is 16 times the paper's grid (6 300 runs under `--protocol paper`). Measured on a
    /// 2-core machine: planning 10 000 runs takes 6.4 s and 74 MB, 100 000 runs 66 s and 386 MB;
    /// sweep.json holds 840 bytes per run, and every job reads it whole (1.6 s and 93 MB per job at
    /// 10 000 runs). Ten times more would be 11 minutes of planning and some 16 s of every job's
    /// start, so a larger study is better split into sweeps than allowed by a flag.
    public static let standard = SweepLimits(
        maxBytes: 1 << 20, maxValues: 100_000, maxKeysPerMapping: 256, maxRules: 1_000, maxRuns: 100_000)
}
