import ArgumentParser
import Foundation
import ReckonLab

/// `reckon demo`: the main job — a memory machine against one without memory, trained
/// short and evaluated long, in a few minutes.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a memory machine and a plain one on short inputs and compare them on long ones.")

    @Option(help: "Directory for the demo's runs.") var out = "runs"
    @Flag(help: "Print only the table.") var quiet = false

    func run() throws {
        let plan = DemoPlan.standard
        let progress = Progress.automatic(quiet: quiet)
        print("reckon demo: \(plan.machines.map(\.model).joined(separator: " vs ")) on \(plan.task)")
        print(
            "training \(plan.steps) steps at batch \(plan.batchSize) on lengths 1-\(plan.trainLength); evaluating "
                + "\(plan.evalSamples) sequences at every length 1-\(plan.evalMaxLength)"
        )
        let start = Date()
        let outcomes = try userErrors { try plan.run(root: URL(fileURLWithPath: out), progress: progress) }
        print("")
        print(plan.table(outcomes))
        print("")
        print("score = mean accuracy on lengths \(plan.trainLength + 1)-\(plan.evalMaxLength) (never seen in training)")
        print(String(format: "total %.0fs; runs written to:", Date().timeIntervalSince(start)))
        for o in outcomes { print("  \(o.folder.url.path)") }
        if let root = outcomes.first?.folder.url.deletingLastPathComponent() {
            let report = try userErrors { try Report.write(for: root) }
            print("report: \(report.path)")
        }
    }
}
