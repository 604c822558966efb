import Foundation
import ReckonLab

/// One run of a sweep: its stable id, the exact config `reckon train` would be given, and the
/// values the sweep's axes chose for it (for tables and `--where` filters).
public struct PlannedRun: Codable, Equatable, Sendable {
    /// `<task>-<model>-<12 hex digits>`, derived from the config alone.
    public var id: String
    public var config: RunConfig
    /// Axis name → the value this run has on it, in axis order.
    public var assignment: [String: String]

    public init(config: RunConfig, assignment: [String: String]) {
        self.config = config
        self.assignment = assignment
        id = Self.id(for: config)
    }

    /// The folder name of a run: the task and machine for readers, then a hash of the whole
    /// resolved config (sorted-key JSON, FNV-1a 64), so the same config always gets the same folder.
    public static func id(for config: RunConfig) -> String {
        var c = config
        c.blas = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(c)) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        return "\(config.task)-\(config.model)-\(padded.prefix(12))"
    }
}
