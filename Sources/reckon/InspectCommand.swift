import ArgumentParser
import Foundation
import ReckonLab
import ReckonStudy
import ReckonSupport

/// `reckon inspect RUN`: watch a trained machine compute, step by step, on typed or sampled inputs.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a trained machine compute: a self-contained HTML page of its steps on some inputs.",
        discussion: "Per input: the tape, the answer against the target with its confidence, and what the machine "
            + "records as it runs: stack and tape actions and cells, memory read and write weightings, attention "
            + "maps per layer and head, ponder steps, and the hidden states on their first two principal "
            + "components, coloured by the task's true state where the task has an automaton.")

    @Argument(help: "A run directory written by `reckon train`.") var runDir: String
    @Option(help: "One input, as the task's symbols separated by spaces (or one character each).")
    var input: String?
    @Option(parsing: .unconditional, help: "Inspect this many sampled inputs (at most 64).") var sample: Int?
    @Option(parsing: .unconditional, help: "Length of the sampled inputs (default: the run's training length).")
    var length: Int?
    @Option(parsing: .unconditional, help: "Seed of the sampled inputs.") var seed: UInt64 = 0
    @Option(help: "Where to write the page (default: RUN/inspection.html).") var out: String?
    @Option(help: "Also write the traces as JSON to this file.") var json: String?

    func run() throws {
        let url = URL(fileURLWithPath: runDir)
        let target = out.map { URL(fileURLWithPath: $0) } ?? url.appendingPathComponent("inspection.html")
        let inspection = try userErrors { () throws -> Inspection in
            guard (input == nil) != (sample == nil) else {
                throw LabError.invalidOption("give --input TEXT or --sample N (--length L), not both or neither")
            }
            if let sample, !(1...MachineInspector.maxSamples).contains(sample) {
                throw LabError.invalidOption("--sample must be in 1...\(MachineInspector.maxSamples), got \(sample)")
            }
            if input != nil, length != nil { throw LabError.invalidOption("--length goes with --sample") }
            let run = try SavedRun.open(url, maxLength: nil)
            defer { run.close() }
            let limit = Swift.max(run.config.evalMaxLength, run.config.trainLength)
            let inputs: MachineInspector.Inputs
            if let input {
                inputs = .typed(try MachineInspector.parse(input, task: run.task, maxLength: limit))
            } else {
                let l = length ?? run.config.trainLength
                guard (1...limit).contains(l), TaskBridge.isValid(run.task, length: l) else {
                    throw LabError.invalidOption(
                        "--length \(l): \(run.task.name) cannot be sampled there (1...\(limit) for this run)")
                }
                inputs = .sampled(count: sample!, length: l, seed: seed)
            }
            // Both destinations checked before either is written: a refusal leaves neither behind.
            try AtomicFile.checkDestination(target)
            if let json { try AtomicFile.checkDestination(URL(fileURLWithPath: json)) }
            let inspection = try MachineInspector(run: run).inspect(inputs)
            if let json { try AtomicFile.write(try inspection.jsonData(), to: URL(fileURLWithPath: json)) }
            try AtomicFile.write(Data(InspectionPage(inspection).render().utf8), to: target)
            return inspection
        }
        let right = inspection.samples.filter(\.isCorrect).count
        print("\(inspection.model) on \(inspection.task): \(right) of \(inspection.samples.count) answered right")
        print("wrote \(target.path)" + (json.map { " and \($0)" } ?? ""))
    }
}
