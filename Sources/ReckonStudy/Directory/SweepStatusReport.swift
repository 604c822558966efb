import Foundation

/// What `reckon sweep status` prints: the runs by state (read from their folders; the database
/// adds which finished ones are corrupt), the Slurm job's task states when the sweep was
/// submitted, the finished results so far, and each failed or corrupt run with its reason.
public enum SweepStatusReport {
    public static func lines(
        _ directory: SweepDirectory, manifest: SweepManifest, rows: [RunRow],
        jobStates: (String) -> [String: Int]? = Slurm.jobStates
    ) throws -> [String] {
        let corrupt = Set(rows.filter { $0.state == .corrupt }.map(\.id))
        let states = zip(manifest.runs, directory.states(manifest)).map { corrupt.contains($0.id) ? .corrupt : $1 }
        let count = { (s: RunState) in states.filter { $0 == s }.count }
        var lines = [
            "sweep \(manifest.name) (protocol \(manifest.protocolName)): \(manifest.runs.count) runs: "
                + "\(count(.finished)) done, "
                + "\(count(.interrupted)) started and unfinished, \(count(.failed)) failed, \(count(.pending)) pending"
                + (corrupt.isEmpty ? "" : ", \(count(.corrupt)) corrupt")
        ]
        let jobURL = directory.slurmURL.appendingPathComponent(SlurmJob.fileName)
        if let data = try? Data(contentsOf: jobURL), let job = try? JSONDecoder().decode(SlurmJob.self, from: data),
            let id = job.jobID
        {
            if let states = jobStates(id) {
                lines.append(
                    "slurm job \(id): "
                        + states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.lowercased())" }.joined(
                            separator: ", "))
            } else {
                lines.append("slurm job \(id): squeue/sacct not available here")
            }
        }
        if rows.contains(where: { $0.state == .finished }) {
            lines.append(try ResultsTable.build(rows, aggregate: .max, filters: []).render(.table))
        }
        for r in rows where r.state == .failed { lines.append("failed: \(r.id): \(r.error ?? "?")") }
        for r in rows where r.state == .corrupt { lines.append("corrupt: \(r.id): \(r.error ?? "?")") }
        return lines
    }
}
