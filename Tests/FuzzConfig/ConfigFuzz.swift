import Foundation
import FuzzSupport
import ReckonLab

/// config.json under fuzzing: the bytes are read as a run folder's config (decoded, completed and
/// checked as `reckon eval` and `train --resume` check it); a config that passes is checked again
/// for training against a 256 MiB budget, and one that fits is built (task, output head, machine
/// with its parameters), which is where settings no rule caught would fail a precondition or
/// allocate without bound. Nothing is trained: a valid config may ask for 10^9 steps.
enum ConfigFuzz {
    static let budget = 256.0 * 1_048_576

    static func run(_ data: Data) {
        guard let config = try? RunFolder.config(from: data, path: "fuzz") else { return }
        guard (try? RunValidation.check(config, for: .training, memory: budget)) != nil else { return }
        _ = try? TrainingSession(config: config)
    }
}

/// The executable's entry (FuzzSupport: libFuzzer's driver in a fuzzing build, else a replay).
@main
enum ConfigFuzzMain {
    static func main() { FuzzDriver.main(ConfigFuzz.run) }
}
