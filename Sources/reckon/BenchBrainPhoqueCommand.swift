import ArgumentParser
import Foundation
import ReckonLab

/// `reckon bench brainphoque`: BrainPhoque sequences per second against the reference generator in Python.
struct BenchBrainPhoque: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brainphoque",
        abstract: "BrainPhoque sequences per second, Reckon's brainphoque source against the reference generator.",
        discussion:
            "The reference is data/utms.py of a google-deepmind/neural_networks_solomonoff_induction checkout "
            + "(--reference), run by --python with NumPy. Both sides draw programs of 100 uniform instructions and "
            + "run them with 10 cells and at most 1000 instructions to 256 printed symbols of 9 (Reckon's "
            + "brainphoque defaults), in interleaved rounds, Reckon first in odd ones. Prints JSON lines (one per "
            + "sample, then the medians and their ratio).")

    @Option(help: "A checkout of google-deepmind/neural_networks_solomonoff_induction.") var reference: String
    @Option(parsing: .unconditional, help: "Interleaved rounds (the medians are reported).") var rounds = 5
    @Option(parsing: .unconditional, help: "Seconds to time each side per round.") var seconds: Double = 3
    @Option(help: "Python interpreter with NumPy.") var python = "python3"

    func run() throws {
        let file = try userErrors { () -> URL in
            guard rounds >= 1 else { throw LabError.invalidOption("--rounds must be at least 1, got \(rounds)") }
            guard seconds.isFinite, seconds > 0 else {
                throw LabError.invalidOption("--seconds must be a positive number, got \(seconds)")
            }
            return try BrainPhoqueBenchmark.referenceFile(reference)
        }
        let setup = BrainPhoqueBenchmark.Setup()
        let samples = try userErrors {
            try BrainPhoqueBenchmark.run(setup, reference: file, rounds: rounds, seconds: seconds, python: python) {
                s in
                print(
                    BenchmarkRecord(
                        name: "brainphoque_round",
                        [("system", s.system), ("round", s.round), ("sequences_per_s", s.sequencesPerSecond)]
                    ).jsonLine())
            }
        }
        let reckon = BrainPhoqueBenchmark.median(samples, system: "reckon")
        let other = BrainPhoqueBenchmark.median(samples, system: "reference")
        print(
            BenchmarkRecord(
                name: "brainphoque",
                [
                    ("rounds", rounds), ("length", setup.length), ("reckon_sequences_per_s", reckon),
                    ("reference_sequences_per_s", other), ("ratio", reckon / other),
                ]
            ).jsonLine())
    }
}
