import Foundation
import ReckonSupport
import ReckonTasks

/// BrainPhoque sequences per second, Reckon's `brainphoque` source against the reference generator
/// of Grau-Moya et al. (`data/utms.py` of google-deepmind/neural_networks_solomonoff_induction, run
/// from a checkout the user names), side by side in interleaved rounds.
///
/// Both sides do what the reference's `UTMDataGenerator.sample` does per sequence: draw a program of
/// `program_length` uniform instructions, run it for at most `maximum_steps` instructions or until
/// it has printed `length` symbols, pad it and mark the padding. The reference's one-hot encoding
/// goes through JAX, which is not needed to time the machine, so the script pads and encodes with
/// NumPy (`np.eye`) instead; every other line it runs is the reference's.
public enum BrainPhoqueBenchmark {
    /// One timed measurement.
    public struct Sample: Sendable {
        public var system: String
        public var round: Int
        public var sequencesPerSecond: Double
    }

    /// The generator's settings, the same on both sides.
    public struct Setup: Sendable {
        public var alphabetSize = 9
        public var memorySize = 10
        public var maximumSteps = 1000
        public var programLength = 100
        public var length = 256
        public init() {}
    }

    /// The reference's `data/utms.py` under `checkout`, or a one-line error.
    public static func referenceFile(_ checkout: String) throws -> URL {
        let url = URL(fileURLWithPath: checkout).appendingPathComponent("data/utms.py")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BenchmarkError(
                "'\(checkout)' holds no data/utms.py; give a checkout of "
                    + "google-deepmind/neural_networks_solomonoff_induction")
        }
        return url
    }

    /// Sequences per second of Reckon's source over at least `seconds`.
    public static func reckon(_ setup: Setup, seconds: Double, seed: UInt64) -> Double {
        var task = BrainPhoqueSource()
        task.settings.alphabetSize = setup.alphabetSize
        task.settings.memorySize = setup.memorySize
        task.settings.maximumSteps = setup.maximumSteps
        task.settings.programLength = setup.programLength
        var rng = RandomGenerator(seed: seed)
        var count = 0
        let start = Stopwatch.now()
        repeat {
            _ = task.sample(batchSize: 32, length: setup.length, rng: &rng)
            count += 32
        } while Stopwatch.now() - start < seconds
        return Double(count) / (Stopwatch.now() - start)
    }

    /// The Python side: imports the reference's utms.py from `reference` and prints one JSON line.
    static let script = """
        import json, sys, time
        import numpy as np
        reference, seconds, alphabet, memory, steps, program_length, length, seed = sys.argv[1:9]
        sys.path.insert(0, reference)
        import utms
        rng = np.random.default_rng(int(seed))
        utm = utms.BrainPhoqueUTM(utms.FastSampler(rng), alphabet_size=int(alphabet))
        count, start = 0, time.perf_counter()
        while True:
            for _ in range(32):
                program = utm.sample_program(int(program_length), rng)
                result = utm.run_program(program=program, memory_size=int(memory), maximum_steps=int(steps),
                                         max_output_length=int(length))
                output = [ord(c) for c in result['output']]
                mask = np.zeros(int(length), dtype=np.uint8)
                if len(output) < int(length):
                    mask[len(output):] = 1
                    output += [0] * (int(length) - len(output))
                one_hot = np.eye(int(alphabet), dtype=np.uint8)[np.asarray(output)]
                count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= float(seconds):
                break
        print(json.dumps({"sequences_per_s": count / elapsed}))
        """

    /// Sequences per second of the reference generator, run by `python`.
    public static func python(
        _ setup: Setup, reference: URL, seconds: Double, seed: UInt64, python: String
    ) throws -> Double {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-brainphoque-\(getpid()).py")
        try Data(script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = [
            file.path, reference.deletingLastPathComponent().path, String(seconds), String(setup.alphabetSize),
            String(setup.memorySize), String(setup.maximumSteps), String(setup.programLength), String(setup.length),
            String(seed),
        ]
        let (status, _, rate) = PeerBenchmark.pythonRate(python, arguments, key: "sequences_per_s")
        guard let rate else {
            throw BenchmarkError("the reference generator failed (exit \(status)); does \(python) have numpy?")
        }
        return rate
    }

    /// `rounds` interleaved rounds, Reckon first in odd rounds; `report` sees every sample.
    public static func run(
        _ setup: Setup, reference: URL, rounds: Int, seconds: Double, python: String, report: (Sample) -> Void
    ) throws -> [Sample] {
        var samples: [Sample] = []
        for round in 1...rounds {
            for system in round % 2 == 1 ? ["reckon", "reference"] : ["reference", "reckon"] {
                let rate =
                    system == "reckon"
                    ? reckon(setup, seconds: seconds, seed: UInt64(round))
                    : try Self.python(
                        setup, reference: reference, seconds: seconds, seed: UInt64(round), python: python)
                let sample = Sample(system: system, round: round, sequencesPerSecond: rate)
                samples.append(sample)
                report(sample)
            }
        }
        return samples
    }

    /// The median rate of one side.
    public static func median(_ samples: [Sample], system: String) -> Double {
        let v = samples.filter { $0.system == system }.map(\.sequencesPerSecond).sorted()
        guard !v.isEmpty else { return .nan }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }
}
