import Foundation

/// sweep.json: the sweep's name, protocol and every run in order. Written when a sweep
/// directory is created; a later `reckon sweep run` with a file that plans other runs is
/// refused unless `--extend`, so one directory always holds one sweep.
public struct SweepManifest: Codable, Equatable, Sendable {
    public static let fileName = "sweep.json"
    public var name: String
    public var protocolName: String
    public var runs: [PlannedRun]

    enum CodingKeys: String, CodingKey {
        case name, runs
        case protocolName = "protocol"
    }

    public init(_ plan: SweepPlan) {
        name = plan.name
        protocolName = plan.protocolName
        runs = plan.runs
    }

    /// What differs between this manifest and `plan`, in one line, or nil when they plan the same runs.
    public func difference(from plan: SweepPlan) -> String? {
        if name != plan.name { return "it holds sweep '\(name)', the file names '\(plan.name)'" }
        if protocolName != plan.protocolName {
            return "it was run with protocol '\(protocolName)', not '\(plan.protocolName)'"
        }
        let old = Set(runs.map(\.id))
        let new = Set(plan.runs.map(\.id))
        if old == new { return nil }
        let added = new.subtracting(old).count
        let removed = old.subtracting(new).count
        return
            "the file plans \(plan.runs.count) runs, the directory holds \(runs.count) (\(added) new, \(removed) no "
            + "longer planned)"
    }

    /// This manifest with `plan`'s new runs appended (existing runs keep their indices).
    public func extended(with plan: SweepPlan) -> SweepManifest {
        var m = self
        let known = Set(runs.map(\.id))
        m.runs += plan.runs.filter { !known.contains($0.id) }
        return m
    }
}
