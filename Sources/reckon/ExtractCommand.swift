import ArgumentParser
import Foundation
import ReckonLab
import ReckonStudy
import ReckonSupport

/// `reckon extract RUN`: the automaton a recurrent machine computes, compared with the task's own.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the automaton a trained recurrent machine computes and compare it with the task's.",
        discussion: "The machine reads sampled strings of its training lengths symbol by symbol; its states are "
            + "clustered (k-means, k = 1, 2, ...) into the smallest automaton that answers as the network does on "
            + "--agreement of held-out strings, minimized (Hopcroft) and compared with the task's minimal "
            + "automaton: isomorphic or not, the shortest input they disagree on, and agreement with the network "
            + "and with the task at every length to --max-length. For rnn, lstm and gru runs on tasks with an "
            + "automaton (parity_check, even_pairs, cycle_navigation, modular_arithmetic).")

    @Argument(help: "A run directory written by `reckon train`.") var runDir: String
    @Option(parsing: .unconditional, help: "Strings whose states are clustered.") var samples = 10_000
    @Option(parsing: .unconditional, help: "Held-out strings that choose the number of clusters.") var heldOut = 1_000
    @Option(parsing: .unconditional, help: "Most clusters tried.") var maxClusters = 32
    @Option(
        parsing: .unconditional,
        help: "Share of held-out strings the automaton must answer as the network does.")
    var agreement = 0.99
    @Option(
        help: ArgumentHelp(
            "What is clustered: behaviour (the network's answers after every probe of at most --probe-depth "
                + "symbols) or state (the state vectors)."))
    var features = "behaviour"
    @Option(parsing: .unconditional, help: "Longest probe for --features behaviour.") var probeDepth = 2
    @Option(parsing: .unconditional, help: "Strings per length in the comparison at every length.")
    var perLength = 32
    @Option(parsing: .unconditional, help: "Longest length compared (default: the run's evaluation length).")
    var maxLength: Int?
    @Option(parsing: .unconditional, help: "Seed of every sampled string and of the clustering.") var seed: UInt64 = 0
    @Option(help: "Where to write the page (default: RUN/extraction.html).") var out: String?
    @Option(help: "Also write the result as JSON to this file.") var json: String?

    func run() throws {
        let url = URL(fileURLWithPath: runDir)
        let target = out.map { URL(fileURLWithPath: $0) } ?? url.appendingPathComponent("extraction.html")
        let result = try userErrors { () throws -> AutomatonExtractionResult in
            for (name, value, range) in [
                ("--samples", samples, 1...1_000_000), ("--held-out", heldOut, 1...1_000_000),
                ("--max-clusters", maxClusters, 1...256), ("--per-length", perLength, 1...4096),
            ] where !range.contains(value) {
                throw LabError.invalidOption(
                    "\(name) must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
            }
            guard let chosenFeatures = AutomatonExtraction.Features(rawValue: features) else {
                throw LabError.invalidOption("--features must be behaviour or state, got '\(features)'")
            }
            guard (0...4).contains(probeDepth) else {
                throw LabError.invalidOption("--probe-depth must be in 0...4, got \(probeDepth)")
            }
            guard agreement > 0, agreement <= 1 else {
                throw LabError.invalidOption("--agreement must be in (0, 1], got \(agreement)")
            }
            let run = try SavedRun.open(url, maxLength: nil)
            defer { run.close() }
            let longest = maxLength ?? run.config.evalMaxLength
            guard (1...100_000).contains(longest) else {
                throw LabError.invalidOption("--max-length must be in 1...100000, got \(longest)")
            }
            // Both destinations checked before either is written: a refusal leaves neither behind.
            try AtomicFile.checkDestination(target)
            if let json { try AtomicFile.checkDestination(URL(fileURLWithPath: json)) }
            var settings = AutomatonExtraction.Settings(maxLength: longest)
            settings.samples = samples
            settings.heldOut = heldOut
            settings.maxClusters = maxClusters
            settings.agreement = agreement
            settings.perLength = perLength
            settings.seed = seed
            settings.features = chosenFeatures
            settings.probeDepth = probeDepth
            let result = try AutomatonExtraction(run: run, settings: settings).extract { print($0) }
            if let json { try AtomicFile.write(try result.jsonData(), to: URL(fileURLWithPath: json)) }
            try AtomicFile.write(Data(ExtractionPage(result).render().utf8), to: target)
            return result
        }
        print(ExtractionPage.summary(result))
        print("wrote \(target.path)" + (json.map { " and \($0)" } ?? ""))
    }
}
