/// What a plan holds, for `--dry-run`: the run count, per task and per machine.
public enum SweepSummary {
    public static func describe(_ plan: SweepPlan) -> String {
        var lines = ["sweep \(plan.name): \(plan.runs.count) runs under protocol '\(plan.protocolName)'"]
        var tasks: [String] = []
        var perTask: [String: Int] = [:]
        var perModel: [String: [String: Int]] = [:]
        var models: [String] = []
        for r in plan.runs {
            if perTask[r.config.task] == nil { tasks.append(r.config.task) }
            if !models.contains(r.config.model) { models.append(r.config.model) }
            perTask[r.config.task, default: 0] += 1
            perModel[r.config.task, default: [:]][r.config.model, default: 0] += 1
        }
        for t in tasks {
            let detail = models.compactMap { m in perModel[t]?[m].map { "\(m) \($0)" } }.joined(separator: ", ")
            lines.append("  \(t): \(perTask[t] ?? 0) runs (\(detail))")
        }
        let steps = plan.runs.reduce(0) { $0 + $1.config.steps }
        lines.append("  \(steps) training steps in all")
        return lines.joined(separator: "\n")
    }
}
