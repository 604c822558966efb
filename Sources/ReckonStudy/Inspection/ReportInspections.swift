import Foundation
import ReckonLab
import ReckonSupport

/// The inspections a report links its heatmap cells to: for each task and machine, `reckon
/// inspect`'s page of the best run on a few sampled inputs, written beside the report in
/// `inspections/`. A run that cannot be opened (in use, diverged, unfinished) gets no page and its
/// cell no link; the reason is returned for the caller to print.
public enum ReportInspections {
    /// Sampled inputs per page, and their longest length (the run's training length when shorter).
    public static let samples = 4
    public static let longestLength = 16

    /// Writes the pages for `source` beside `report`; returns the links by `Heatmap.key(task, model)`
    /// (relative to the report) and one line per run that got no page.
    public static func write(
        for source: ReportSource, beside report: URL
    ) throws -> (
        links: [String: String], skipped: [String]
    ) {
        let folder = report.deletingLastPathComponent().appendingPathComponent("inspections")
        var links: [String: String] = [:]
        var skipped: [String] = []
        for task in source.tasks {
            for model in source.models {
                // An external run (`reckon score`) has predictions, not a machine to look inside.
                guard let best = source.best(task, model), !best.external, let url = best.url else { continue }
                do {
                    let run = try SavedRun.open(url, maxLength: nil)
                    defer { run.close() }
                    let length = TaskBridge.nearestValidLength(
                        run.task, Swift.min(run.config.trainLength, longestLength), atMost: run.config.trainLength)
                    let inspection = try MachineInspector(run: run).inspect(
                        .sampled(count: samples, length: length, seed: 0))
                    if links.isEmpty { _ = try Folders.create(folder) }
                    let name = "\(task)--\(model).html"
                    try AtomicFile.write(
                        Data(InspectionPage(inspection).render().utf8), to: folder.appendingPathComponent(name))
                    links[Heatmap.key(task, model)] = "inspections/" + name
                } catch {
                    skipped.append("\(task) × \(model): no inspection (\(error))")
                }
            }
        }
        return (links, skipped)
    }
}
