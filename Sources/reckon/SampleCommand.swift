import ArgumentParser
import Foundation
import ReckonLab
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// `reckon sample TASK --length N`: examples of a task written in its own symbols.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print sampled examples of a task in its own symbols, e.g. `0 1 1 0 -> 0`.",
        discussion:
            "Positions after a termination token ($) are outside the accuracy mask; they are shown because the "
            + "reference's loss still trains on them."
    )

    @Argument(help: "Task name (see `reckon tasks`).") var task: String
    @Option(parsing: .unconditional, help: "Input length (at least 1).") var length: Int
    @Option(parsing: .unconditional, help: "Number of examples (default 5).") var count = 5
    @Option(parsing: .unconditional, help: "Random seed, 0 ... 2^64 - 1 (default 0).") var seed = "0"
    @Flag(help: "Print JSON (token ids, symbols and mask) instead of text.") var json = false
    @Option(name: .customLong("task-set"), help: "Task setting, name=value (repeatable; see `reckon tasks`).")
    var taskSettings: [String] = []

    func run() throws {
        let (t, seedValue) = try userErrors { () throws -> (any AlgorithmicTask, UInt64) in
            let given = try SettingOverride.parse(taskSettings, flag: "--task-set")
            let t = try TaskCatalog.task(
                named: task, settings: Dictionary(given.map { ($0.name, $0.text) }, uniquingKeysWith: { $1 }))
            try t.validate(length: length)
            guard (1...10_000).contains(count) else {
                throw LabError.invalidOption("--count must be between 1 and 10000, got \(count)")
            }
            return (t, try RunValidation.seed(seed))
        }
        var rng = RandomGenerator(seed: seedValue)
        let batch = t.sample(batchSize: count, length: length, rng: &rng)
        if batch.inputLength != length && !json {
            let note =
                "note: \(t.name) samples inputs of length \(batch.inputLength) for --length \(length) "
                + "(see `reckon tasks`)\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        if json {
            // Ids as numbers; vectors as one row of numbers per position, except a real-valued task's
            // single position, written as a flat row.
            func numbers(_ payload: Payload) -> Any {
                switch payload {
                case .tokens(let ids), .pointers(let ids): return ids
                case .bitVectors, .reals:
                    if t.outputKind == .reals { return payload.values.map(Double.init) }
                    return payload.rows.map { $0.map(Double.init) }
                }
            }
            let examples: [[String: Any]] = (0..<batch.batchSize).map { b in
                let input = numbers(batch.inputExample(b))
                let target = numbers(batch.targetExample(b))
                return [
                    "input": input, "target": target, "mask": batch.maskRow(b).map(Double.init),
                    "input_symbols": t.inputText(batch, example: b).joined(separator: " "),
                    "target_symbols": t.targetText(batch, example: b).joined(separator: " "),
                ]
            }
            let object: [String: Any] = [
                "task": t.name, "length": length, "input_length": batch.inputLength,
                "output_length": batch.outputLength,
                "seed": Int(truncatingIfNeeded: seedValue),
                "examples": examples,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        for b in 0..<batch.batchSize {
            let input = t.inputText(batch, example: b).joined(separator: " ")
            let target = t.targetText(batch, example: b).joined(separator: " ")
            print("\(input) -> \(target)")
        }
    }
}
