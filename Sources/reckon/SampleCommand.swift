import ArgumentParser
import Foundation
import ReckonLab
import ReckonTasks
import ReckonTensor

/// `reckon sample TASK --length N`: examples of a task written in its own symbols.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print sampled examples of a task in its own symbols, e.g. `0 1 1 0 -> 0`.",
        discussion: "Positions after a termination token ($) are outside the accuracy mask; they are shown because the reference's loss still trains on them.")

    @Argument(help: "Task name (see `reckon tasks`).") var task: String
    @Option(help: "Input length (at least 1).") var length: Int
    @Option(help: "Number of examples (default 5).") var count = 5
    @Option(help: "Random seed (default 0).") var seed: UInt64 = 0
    @Flag(help: "Print JSON (token ids, symbols and mask) instead of text.") var json = false

    func run() throws {
        let t = try userErrors { () throws -> any AlgorithmicTask in
            let t = try TaskCatalog.task(named: task)
            try t.validate(length: length)
            guard (1...10_000).contains(count) else {
                throw LabError.invalidOption("--count must be between 1 and 10000, got \(count)")
            }
            return t
        }
        var rng = RandomGenerator(seed: seed)
        let batch = t.sample(batchSize: count, length: length, rng: &rng)
        if batch.inputLength != length && !json {
            FileHandle.standardError.write(Data("note: \(t.name) samples inputs of length \(batch.inputLength) for --length \(length) (see `reckon tasks`)\n".utf8))
        }
        if json {
            let examples: [[String: Any]] = (0..<batch.batchSize).map { b in
                ["input": batch.inputRow(b), "target": batch.targetRow(b), "mask": batch.maskRow(b).map(Double.init),
                 "input_symbols": t.decodeInput(batch.inputRow(b)).joined(separator: " "),
                 "target_symbols": t.decodeOutput(batch.targetRow(b)).joined(separator: " ")]
            }
            let object: [String: Any] = ["task": t.name, "length": length, "input_length": batch.inputLength,
                                         "output_length": batch.outputLength, "seed": Int(truncatingIfNeeded: seed),
                                         "examples": examples]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        for b in 0..<batch.batchSize {
            let input = t.decodeInput(batch.inputRow(b)).joined(separator: " ")
            let target = t.decodeOutput(batch.targetRow(b)).joined(separator: " ")
            print("\(input) -> \(target)")
        }
    }
}
