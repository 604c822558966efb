import ArgumentParser
import Foundation
import ReckonStudy
import ReckonSupport

/// `reckon report DIR`: a self-contained HTML page of a sweep, a run, or a folder of runs.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write a self-contained HTML report (inline SVG charts, no scripts) of a sweep, a run or a folder of runs.")

    @Argument(help: "A sweep directory, a run directory, or a directory of runs (what `reckon demo` writes).")
    var directory: String
    @Option(help: "Where to write the page (default: DIR/report.html).") var out: String?
    @Option(help: "A published table to put beside the sweep's: published/deletang2023.") var compare: String?
    @Flag(help: "Do not write inspections of each cell's best run beside the page (inspections/).")
    var noInspections = false

    func run() throws {
        let url = URL(fileURLWithPath: directory)
        let target = out.map { URL(fileURLWithPath: $0) } ?? url.appendingPathComponent("report.html")
        let (size, inspected, skipped) = try userErrors { () throws -> (Int, Int, [String]) in
            let published = try compare.map(PublishedTable.named)
            let source = try ReportSource.read(url)
            // The page's destination first: a refused --out leaves no inspections behind.
            try AtomicFile.checkDestination(target)
            let (links, skipped) =
                noInspections || source.kind == .run
                ? ([:], []) : try ReportInspections.write(for: source, beside: target)
            let page = HTMLReport(source: source, published: published, inspections: links).render()
            try AtomicFile.write(Data(page.utf8), to: target)
            return (page.utf8.count, links.count, skipped)
        }
        for line in skipped { print(line) }
        print(
            "wrote \(target.path) (\(size / 1024) KiB)"
                + (inspected > 0
                    ? ", and \(inspected) inspection(s) in "
                        + target.deletingLastPathComponent().appendingPathComponent("inspections").path : ""))
    }

    /// Writes the report of `directory` to `directory/report.html`; returns the path.
    static func write(for directory: URL) throws -> URL {
        let target = directory.appendingPathComponent("report.html")
        try AtomicFile.write(Data(HTMLReport(source: try ReportSource.read(directory)).render().utf8), to: target)
        return target
    }
}
