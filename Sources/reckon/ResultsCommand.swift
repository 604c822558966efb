import ArgumentParser
import Foundation
import ReckonStudy

/// `reckon results SWEEP_DIR`: the task × machine table of a sweep.
struct Results: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Print a sweep's task x machine table: scores and scaled accuracies aggregated over seeds, learning "
            + "rates and settings.")

    @Argument(help: "The sweep directory.") var directory: String
    @Option(
        help: ArgumentHelp(
            "max (Delétang et al.'s), median or mean over each cell's runs; best: the best of N seeds (Grazzi et "
                + "al.'s), a column per machine and the settings that set its runs apart besides the seed."))
    var aggregate: ResultsTable.Aggregate = .max
    @Option(help: "table, csv, json or markdown.") var format: ResultsTable.Format = .table
    @Option(name: .customLong("where"), help: "Keep runs with this setting, name=value (repeatable).") var filters:
        [String] = []

    func run() throws {
        let d = SweepDirectory(URL(fileURLWithPath: directory))
        let (table, corrupt) = try userErrors { () throws -> (ResultsTable, Int) in
            let manifest = try d.manifest()
            let db = try ResultsDatabase(d)
            try db.sync(d, manifest: manifest)
            let rows = try db.runs()
            return (
                try ResultsTable.build(rows, aggregate: aggregate, filters: filters),
                rows.filter { $0.state == .corrupt }.count
            )
        }
        print(table.render(format))
        if corrupt > 0 {
            FileHandle.standardError.write(
                Data(
                    "warning: \(corrupt) run(s) left out, their files are corrupt; `reckon sweep status` says why\n"
                        .utf8))
        }
    }
}

extension ResultsTable.Aggregate: ExpressibleByArgument {}
extension ResultsTable.Format: ExpressibleByArgument {}
