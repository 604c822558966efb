import ArgumentParser

/// The `reckon` command line: thin wrappers that parse flags, call the library, print.
@main
struct Reckon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reckon",
        abstract: "Train neural machines on algorithmic tasks and measure how far they generalize.",
        subcommands: [Train.self, Eval.self, Demo.self, Models.self, TasksList.self, Sample.self, Bench.self]
    )
}
