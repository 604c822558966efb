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
        subcommands: [BenchEngine.self, BenchMachines.self, BenchTasks.self, BenchPeers.self]
    )
}

/// `reckon bench engine`: engine matmul vs raw sgemm, and one LSTM training step vs the roofline.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Engine matmul and LSTM step against raw BLAS.")

    @Option(parsing: .unconditional, help: "Minimum seconds to time each measurement.") var seconds: Double = 1.0
    @Option(help: "Measure only this: matmul, lstm or transformer (default: all).") var only: String?
    @OptionGroup var blas: BLASOptions

    func run() throws {
        try blas.apply()
        try userErrors {
            if let only, !["matmul", "lstm", "transformer"].contains(only) {
                throw LabError.invalidOption("--only must be matmul, lstm or transformer, got '\(only)'")
            }
            guard seconds.isFinite, seconds > 0 else {
                throw LabError.invalidOption("--seconds must be a positive number, got \(seconds)")
            }
        }
        print(EngineBenchmark.blasRecord().jsonLine())
        EngineBenchmark.warnIfGeneric()
        if only == nil || only == "matmul" { for r in EngineBenchmark.matmul(seconds: seconds) { print(r.jsonLine()) } }
        if only == nil || only == "lstm" { print(EngineBenchmark.lstmStep(seconds: seconds * 3).jsonLine()) }
        if only == nil || only == "transformer" {
            print(try EngineBenchmark.transformerStep(seconds: seconds * 3).jsonLine())
        }
    }
}

/// `reckon bench machines`: training steps per second of every machine at the reference sizes.
struct BenchMachines: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machines", abstract: "Training steps per second of each machine (batch 128, length 40).")

    @Option(parsing: .unconditional, help: "Minimum seconds to time each machine.") var seconds: Double = 3.0
    @Option(help: "Comma-separated machine names (default: all).") var models: String?
    @Option(help: "Task whose shapes are used.") var task = "reverse_string"
    @OptionGroup var blas: BLASOptions

    func run() throws {
        try blas.apply()
        let names = models.map { $0.split(separator: ",").map(String.init) } ?? MachineCatalog.names
        // Checked before the roofline is timed: a mistake costs no measurement.
        try userErrors {
            guard seconds.isFinite, seconds > 0 else {
                throw LabError.invalidOption("--seconds must be a positive number, got \(seconds)")
            }
            for n in names { _ = try MachineCatalog.spec(named: n) }
            _ = try TaskCatalog.task(named: task)
        }
        let roofline = MachineBenchmark.blasRoofline(seconds: 1)
        for name in names {
            for r in try MachineBenchmark.run(seconds: seconds, task: task, machines: [name], blasGflops: roofline) {
                print(r.jsonLine())
            }
        }
    }
}

/// `reckon bench peers`: Reckon's training steps against PyTorch's, side by side.
struct BenchPeers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "Reckon's LSTM and transformer_encoder training steps against PyTorch's, interleaved, as ratios.",
        discussion:
            "Both sides use the same thread count. Needs PyTorch (`pip install torch`); without it, says so and "
            + "exits 0."
    )

    @Option(parsing: .unconditional, help: "Interleaved rounds (the medians are reported).") var rounds = 5
    @Option(parsing: .unconditional, help: "Seconds to time each side per round.") var seconds: Double = 3
    @Option(parsing: .unconditional, help: "Threads on both sides (default: the active cores).") var threads: Int?
    @Option(help: "Python interpreter with PyTorch.") var python = "python3"
    @Option(help: "Comma-separated steps to compare: lstm, transformer_encoder.") var models =
        "lstm,transformer_encoder"
    @Flag(help: "Print the PyTorch script and exit.") var printScript = false
    @OptionGroup var blas: BLASOptions

    func run() throws {
        if printScript {
            print(PeerBenchmark.torchScript, terminator: "")
            return
        }
        try blas.apply()
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let chosen: [PeerBenchmark.Model] = try userErrors {
            guard rounds >= 1 else { throw LabError.invalidOption("--rounds must be at least 1, got \(rounds)") }
            guard seconds.isFinite, seconds > 0 else {
                throw LabError.invalidOption("--seconds must be a positive number, got \(seconds)")
            }
            guard threadCount >= 1 else {
                throw LabError.invalidOption("--threads must be at least 1, got \(threadCount)")
            }
            return try models.split(separator: ",").map { name in
                guard let m = PeerBenchmark.Model(rawValue: String(name)) else {
                    throw LabError.invalidOption("--models: unknown step '\(name)'; valid: lstm, transformer_encoder")
                }
                return m
            }
        }
        guard let torch = PeerBenchmark.torchVersion(python: python) else {
            print(PeerBenchmark.TorchMissing(python: python).description)
            return
        }
        print(EngineBenchmark.blasRecord().jsonLine())
        EngineBenchmark.warnIfGeneric()
        let samples = try userErrors {
            try PeerBenchmark.run(
                models: chosen, rounds: rounds, seconds: seconds, threads: threadCount, python: python
            ) { s in
                print(
                    BenchmarkRecord(
                        name: "peer_round",
                        [
                            ("model", s.model.rawValue), ("system", s.system), ("round", s.round),
                            ("threads", threadCount), ("steps_per_s", s.stepsPerSecond),
                        ]
                    ).jsonLine())
            }
        }
        for m in chosen {
            let reckon = PeerBenchmark.median(samples, model: m, system: "reckon")
            let other = PeerBenchmark.median(samples, model: m, system: "torch")
            print(
                BenchmarkRecord(
                    name: "peers",
                    [
                        ("model", m.rawValue), ("threads", threadCount), ("rounds", rounds),
                        ("reckon_steps_per_s", reckon), ("torch_steps_per_s", other),
                        ("torch", torch), ("ratio", reckon / other),
                    ]
                ).jsonLine())
        }
    }
}
