import Foundation
import ReckonMachines
import ReckonTensor

/// `reckon bench peers`: Reckon's training step and PyTorch's, at the same shapes and thread
/// count, in interleaved rounds on this machine; the medians and their ratio per thread count.
public enum PeerBenchmark {
    /// The steps compared: Reckon's benchmark and the name the PyTorch script takes.
    public enum Model: String, CaseIterable, Sendable {
        case lstm
        case transformerEncoder = "transformer_encoder"
        /// Fan et al.'s looped block (`loopedTransformerStep`).
        case loopedTransformer = "looped_transformer"
        /// fla's DeltaNet blocks at Grazzi et al.'s sizes (`linearRecurrentStep`).
        case deltanet
        /// Mamba-1 blocks at Grazzi et al.'s sizes (`linearRecurrentStep`).
        case mamba
        /// Nanda et al.'s one-layer transformer, one full-batch AdamW step on x + y mod 113
        /// (`grokTransformerStep`).
        case grokTransformer = "grok_transformer"
    }

    /// The thread counts timed when none are given: one (each sweep job's share, RECKON_THREADS=1)
    /// and every active core (a single run), once each when they coincide.
    public static var defaultThreads: [Int] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return cores == 1 ? [1] : [1, cores]
    }

    /// PyTorch is not importable by `python`: what to tell the user.
    public struct TorchMissing: Error, CustomStringConvertible {
        public let python: String
        public init(python: String) { self.python = python }
        public var description: String {
            "PyTorch is not installed for \(python); install it with `pip install torch` "
                + "(a CPU build: `pip install torch --index-url https://download.pytorch.org/whl/cpu`) and rerun"
        }
    }

    /// One round's measurement of one side at one thread count.
    public struct Sample: Sendable {
        public var model: Model
        public var system: String
        public var threads: Int
        public var round: Int
        public var stepsPerSecond: Double
    }

    /// Whether `python` can import torch; its version if so.
    public static func torchVersion(python: String) -> String? {
        let (status, output) = runPython(python, ["-c", "import torch; print(torch.__version__)"])
        return status == 0 ? output.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// `rounds` interleaved rounds; each round times every thread count in `threads` and, at
    /// each, every model on both sides (Reckon first in odd rounds, PyTorch first in even ones, so
    /// drift in the machine's speed affects both). Reckon's worker count is set for each thread
    /// count (`Parallel.setWorkers`) and restored after; OpenBLAS keeps the one thread Reckon
    /// always gives it (BLAS.splitCount). `report` sees every sample as it is taken.
    public static func run(
        models: [Model], rounds: Int, seconds: Double, threads: [Int], python: String,
        report: (Sample) -> Void
    ) throws -> [Sample] {
        guard torchVersion(python: python) != nil else { throw TorchMissing(python: python) }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-torch-step-\(getpid()).py")
        try Data(torchScript.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        defer { Parallel.setWorkers(nil) }
        var samples: [Sample] = []
        for round in 1...rounds {
            for count in threads {
                Parallel.setWorkers(count)
                for model in models {
                    let order = round % 2 == 1 ? ["reckon", "torch"] : ["torch", "reckon"]
                    for system in order {
                        let rate =
                            system == "reckon"
                            ? try reckonStep(model, seconds: seconds)
                            : try torchStep(
                                model, script: script.path, seconds: seconds, threads: count, python: python)
                        let sample = Sample(
                            model: model, system: system, threads: count, round: round, stepsPerSecond: rate)
                        samples.append(sample)
                        report(sample)
                    }
                }
            }
        }
        return samples
    }

    /// The median of a model's samples on one side at one thread count.
    public static func median(_ samples: [Sample], model: Model, threads: Int, system: String) -> Double {
        let v = samples.filter { $0.model == model && $0.threads == threads && $0.system == system }
            .map(\.stepsPerSecond).sorted()
        guard !v.isEmpty else { return .nan }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }

    static func reckonStep(_ model: Model, seconds: Double) throws -> Double {
        let record: BenchmarkRecord
        switch model {
        case .lstm: record = EngineBenchmark.lstmStep(seconds: seconds)
        case .transformerEncoder: record = try EngineBenchmark.transformerStep(seconds: seconds)
        case .loopedTransformer: return try loopedTransformerStep(seconds: seconds)
        case .deltanet, .mamba: return try linearRecurrentStep(model, seconds: seconds)
        case .grokTransformer: return try grokTransformerStep(seconds: seconds)
        }
        return record.fields.first { $0.0 == "steps_per_s" }?.1 as? Double ?? .nan
    }

    static func torchStep(
        _ model: Model, script: String, seconds: Double, threads: Int, python: String
    ) throws -> Double {
        let arguments = [script, "--model", model.rawValue, "--threads", String(threads), "--seconds", String(seconds)]
        let (status, output, rate) = pythonRate(python, arguments, key: "steps_per_s")
        guard let rate else {
            throw BenchmarkError("the PyTorch step failed (exit \(status)): \(output.suffix(300))")
        }
        return rate
    }

    /// Runs a benchmark script whose last line is a JSON object, and reads the number under `key`.
    static func pythonRate(_ python: String, _ arguments: [String], key: String) -> (Int32, String, Double?) {
        let (status, output) = runPython(python, arguments)
        guard status == 0, let line = output.split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { return (status, output, nil) }
        return (status, output, object[key] as? Double)
    }

    /// Runs python with arguments; returns its exit status and standard output.
    static func runPython(_ python: String, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A benchmark that could not be measured, in one line.
public struct BenchmarkError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
