import ArgumentParser
import Foundation
import ReckonLab
import ReckonMachines
import ReckonTasks
import ReckonTensor

/// `reckon bench ...`: speed measured as ratios on this machine, printed as JSON lines.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed as ratios against raw BLAS on this machine (JSON lines).",
        subcommands: [BenchEngine.self, BenchMachines.self, BenchTasks.self]
    )
}

/// `reckon bench engine`: engine matmul vs raw sgemm, and one LSTM training step vs the roofline.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "engine", abstract: "Engine matmul and LSTM step against raw BLAS.")

    @Option(help: "Minimum seconds to time each measurement.") var seconds: Double = 1.0

    func run() throws {
        for r in EngineBenchmark.matmul(seconds: seconds) { print(r.jsonLine()) }
        print(EngineBenchmark.lstmStep(seconds: seconds * 3).jsonLine())
    }
}

/// `reckon bench machines`: training steps per second of every machine at the reference sizes.
struct BenchMachines: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "machines", abstract: "Training steps per second of each machine (batch 128, length 40).")

    @Option(help: "Minimum seconds to time each machine.") var seconds: Double = 3.0
    @Option(help: "Comma-separated machine names (default: all).") var models: String?
    @Option(help: "Task whose shapes are used.") var task = "reverse_string"

    func run() throws {
        let roofline = MachineBenchmark.blasRoofline(seconds: 1)
        let names = models.map { $0.split(separator: ",").map(String.init) } ?? MachineCatalog.names
        try userErrors {
            for n in names { _ = try MachineCatalog.spec(named: n) }
            _ = try TaskCatalog.task(named: task)
        }
        for name in names {
            for r in try MachineBenchmark.run(seconds: seconds, task: task, machines: [name], blasGflops: roofline) {
                print(r.jsonLine())
            }
        }
    }
}
