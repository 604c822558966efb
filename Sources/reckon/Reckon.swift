import ArgumentParser
import Foundation
import ReckonLab

/// The `reckon` command line: thin wrappers that parse flags, call the library, print.
@main
struct Reckon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reckon",
        abstract: "Train neural machines on algorithmic tasks and measure how far they generalize.",
        version: ReckonVersion.string,
        subcommands: [
            Train.self, Eval.self, Demo.self, Sweep.self, Results.self, Report.self, Models.self, TasksList.self,
            Sample.self, Bench.self, Rasp.self, Inspect.self, Extract.self, Dataset.self, Score.self,
        ]
    )

    /// ArgumentParser's own entry point, except that a flag it cannot parse is a user error like
    /// any other: one line on stderr and exit code 2 (its default is a usage block and code 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let first = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                FileHandle.standardError.write(Data("error: \(first) (see `reckon help`)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
