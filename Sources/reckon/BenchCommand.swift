import ArgumentParser
import Foundation
import ReckonLab
import ReckonTensor

/// `reckon bench ...`: speed measured as ratios on this machine, printed as JSON lines.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed as ratios against raw BLAS on this machine (JSON lines).",
        subcommands: [BenchEngine.self]
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
