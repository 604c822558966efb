import ArgumentParser
import Foundation
import ReckonLab
import ReckonTasks

/// `reckon bench tasks`: milliseconds to sample one batch of every task at lengths 40 and 500.
struct BenchTasks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "Milliseconds per sampled batch of each task (batch 128, lengths 40 and 500).")

    @Option(parsing: .unconditional, help: "Minimum seconds to time each task and length.") var seconds: Double = 0.3
    @Option(parsing: .unconditional, help: "Examples per batch.") var batchSize = 128

    func run() throws {
        try userErrors {
            guard batchSize >= 1 else {
                throw LabError.invalidOption("--batch-size must be at least 1, got \(batchSize)")
            }
            guard seconds >= 0, seconds.isFinite else {
                throw LabError.invalidOption("--seconds must be a finite number >= 0, got \(seconds)")
            }
        }
        for r in TaskBenchmark.run(batchSize: batchSize, seconds: seconds) {
            print(
                BenchmarkRecord(
                    name: "tasks",
                    [
                        ("task", r.task), ("length", r.length), ("batch_size", r.batchSize),
                        ("ms_per_batch", r.msPerBatch),
                    ]
                ).jsonLine())
        }
    }
}
