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
        subcommands: [BenchEngine.self, BenchMachines.self, BenchTasks.self, BenchPeers.self, BenchBrainPhoque.self]
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
        commandName: "machines", abstract: "Training steps per second of each machine (batch 128, length 40).",
        discussion:
            "Each machine runs at its defaults unless --set changes them; a setting is applied to every machine "
            + "named by --models, and one a machine lacks is an error. Compare two settings by running the "
            + "command once with each, e.g. `--models deltanet,mamba --task parity_check --set form=parallel` and "
            + "`--set form=recurrent`, interleaved over a few rounds.")

    @Option(parsing: .unconditional, help: "Minimum seconds to time each machine.") var seconds: Double = 3.0
    @Option(help: "Comma-separated machine names (default: all).") var models: String?
    @Option(help: "Task whose shapes are used.") var task = "reverse_string"
    @Option(parsing: .unconditional, help: "Sequences per training batch.") var batch = 128
    @Option(parsing: .unconditional, help: "Input length of every batch.") var length = 40
    @Option(
        name: .customLong("set"),
        help: "A machine setting, name=value, for every machine timed (repeatable; see `reckon models`).")
    var settings: [String] = []
    @OptionGroup var blas: BLASOptions

    func run() throws {
        try blas.apply()
        let names = models.map { $0.split(separator: ",").map(String.init) } ?? MachineCatalog.names
        // Checked before the roofline is timed: a mistake costs no measurement.
        let overrides = try userErrors {
            guard seconds.isFinite, seconds > 0 else {
                throw LabError.invalidOption("--seconds must be a positive number, got \(seconds)")
            }
            guard batch >= 1 else { throw LabError.invalidOption("--batch must be at least 1, got \(batch)") }
            guard length >= 1 else { throw LabError.invalidOption("--length must be at least 1, got \(length)") }
            let overrides = SettingOverride.values(try SettingOverride.parse(settings, flag: "--set"))
            for n in names { _ = try MachineCatalog.spec(named: n).resolve(overrides) }
            _ = try TaskCatalog.task(named: task)
            return overrides
        }
        let roofline = MachineBenchmark.blasRoofline(seconds: 1)
        for name in names {
            for r in try MachineBenchmark.run(
                seconds: seconds, task: task, batch: batch, length: length, machines: [name], settings: overrides,
                blasGflops: roofline)
            {
                print(r.jsonLine())
            }
        }
    }
}

/// `reckon bench peers`: Reckon's training steps against PyTorch's, side by side, at one thread and at all cores.
struct BenchPeers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "Reckon's training steps against PyTorch's, interleaved, as ratios at each thread count.",
        discussion:
            "Each thread count is timed on both sides: Reckon's worker count (RECKON_THREADS) and PyTorch's "
            + "set_num_threads. By default one thread (as each sweep job runs) and all active cores. Prints JSON "
            + "lines (one per sample, then one `peers` line per model and thread count) and a table on stderr; "
            + "ratios compare medians at the same thread count. Steps: lstm, transformer_encoder, "
            + "looped_transformer (Fan et al.'s block, parity at n = 20), and deltanet and mamba (Grazzi et al.'s "
            + "sizes: d_model 128, 2 layers, [-1, 1], the parallel form; parity at n = 40, batch 32), and "
            + "grok_transformer (Nanda et al.'s one-layer model, one full-batch AdamW step on x + y mod 113, "
            + "3 830 entries). Needs PyTorch (`pip install torch`); without it, says so and exits 0."
    )

    @Option(parsing: .unconditional, help: "Interleaved rounds (the medians are reported).") var rounds = 5
    @Option(parsing: .unconditional, help: "Seconds to time each side per round.") var seconds: Double = 3
    @Option(
        parsing: .unconditional,
        help: "Comma-separated thread counts, each timed on both sides (default: 1 and the active cores).")
    var threads: String?
    @Option(help: "Python interpreter with PyTorch.") var python = "python3"
    @Option(
        help: ArgumentHelp(
            "Comma-separated steps to compare: lstm, transformer_encoder, looped_transformer, deltanet, mamba, "
                + "grok_transformer (default: all)."))
    var models: String?
    @Flag(help: "Print the PyTorch script and exit.") var printScript = false
    @OptionGroup var blas: BLASOptions

    func run() throws {
        if printScript {
            print(PeerBenchmark.torchScript, terminator: "")
            return
        }
        try blas.apply()
        let (chosen, counts): ([PeerBenchmark.Model], [Int]) = try userErrors {
            guard rounds >= 1 else { throw LabError.invalidOption("--rounds must be at least 1, got \(rounds)") }
            guard seconds.isFinite, seconds > 0 else {
                throw LabError.invalidOption("--seconds must be a positive number, got \(seconds)")
            }
            return (try Self.models(models), try Self.threadCounts(threads))
        }
        guard let torch = PeerBenchmark.torchVersion(python: python) else {
            print(PeerBenchmark.TorchMissing(python: python).description)
            return
        }
        print(EngineBenchmark.blasRecord().jsonLine())
        EngineBenchmark.warnIfGeneric()
        let samples = try userErrors {
            try PeerBenchmark.run(
                models: chosen, rounds: rounds, seconds: seconds, threads: counts, python: python
            ) { s in
                print(
                    BenchmarkRecord(
                        name: "peer_round",
                        [
                            ("model", s.model.rawValue), ("threads", s.threads), ("system", s.system),
                            ("round", s.round), ("steps_per_s", s.stepsPerSecond),
                        ]
                    ).jsonLine())
            }
        }
        var table = [
            "medians of \(rounds) round(s), PyTorch \(torch); ratio = Reckon / PyTorch steps per second",
            Self.row("model", "threads", "reckon steps/s", "torch steps/s", "ratio"),
        ]
        for count in counts {
            for m in chosen {
                let reckon = PeerBenchmark.median(samples, model: m, threads: count, system: "reckon")
                let other = PeerBenchmark.median(samples, model: m, threads: count, system: "torch")
                print(
                    BenchmarkRecord(
                        name: "peers",
                        [
                            ("model", m.rawValue), ("threads", count), ("rounds", rounds),
                            ("reckon_steps_per_s", reckon), ("torch_steps_per_s", other),
                            ("torch", torch), ("ratio", reckon / other),
                        ]
                    ).jsonLine())
                table.append(
                    Self.row(
                        m.rawValue, String(count), Self.rate(reckon), Self.rate(other),
                        String(format: "%.2f", reckon / other)))
            }
        }
        // The table goes to stderr so that stdout stays JSON lines for scripts.
        FileHandle.standardError.write(Data((table.joined(separator: "\n") + "\n").utf8))
    }

    /// The steps named by `--models`, or every one.
    static func models(_ text: String?) throws -> [PeerBenchmark.Model] {
        guard let text else { return PeerBenchmark.Model.allCases }
        let valid = PeerBenchmark.Model.allCases.map(\.rawValue).joined(separator: ", ")
        return try text.split(separator: ",").map { name in
            guard let m = PeerBenchmark.Model(rawValue: String(name)) else {
                throw LabError.invalidOption("--models: unknown step '\(name)'; valid: \(valid)")
            }
            return m
        }
    }

    /// The thread counts named by `--threads` (repeats dropped), or one and all active cores.
    static func threadCounts(_ text: String?) throws -> [Int] {
        guard let text else { return PeerBenchmark.defaultThreads }
        var counts: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                throw LabError.invalidOption("--threads must be thread counts of at least 1, got '\(part)'")
            }
            if !counts.contains(n) { counts.append(n) }
        }
        return counts
    }

    /// A line of the stderr table.
    static func row(_ cells: String...) -> String {
        let widths = [20, 7, 15, 15, 7]
        return zip(cells, widths).enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(0, cell.1 - cell.0.count))
            return i == 0 ? cell.0 + pad : pad + cell.0
        }.joined(separator: "  ")
    }

    /// Steps per second with three significant digits.
    static func rate(_ value: Double) -> String { String(format: value < 10 ? "%.3g" : "%.1f", value) }
}
