import Foundation
import ReckonLab
import ReckonNN
import FuzzSupport

/// The checkpoint reader under fuzzing. The bytes are decoded as a safetensors file; if they
/// parse, they are restored as the checkpoint of a tiny lstm run (metadata, parameters and
/// Adam's moments checked name by name and shape by shape), and a restored run takes one
/// training step, which is where moments of the wrong shape once corrupted the heap.
///
/// `make fuzz` builds this with `-sanitize=fuzzer,address` (libFuzzer calls
/// `LLVMFuzzerTestOneInput`); a plain build is a replay tool: `CheckpointFuzz FILE_OR_DIR...`
/// runs each file once, for reproducing a crash libFuzzer reported.
enum CheckpointFuzz {
    /// The run of Tests/Fuzz/corpus/valid-*: `reckon train --task parity_check --model lstm
    /// --steps 20 --batch-size 2 --train-length 3 --eval-max-length 4 --set hidden_size=4`.
    static let config: RunConfig = {
        var c = try! RunConfig.defaults(task: "parity_check", model: "lstm")
        c.machineSettings.values["hidden_size"] = .int(4)
        c.steps = 20
        c.batchSize = 2
        c.curriculum.maxLength = 3
        c.evalMaxLength = 4
        return c
    }()

    static func run(_ data: Data) {
        guard let file = try? Safetensors.decode(data) else { return }
        guard let session = try? TrainingSession(config: config) else { fatalError("the fuzz config is invalid") }
        guard (try? session.restore(tensors: file.tensors, metadata: file.metadata)) != nil else { return }
        if session.step < config.steps { session.trainStep() }
    }
}

/// The executable's entry (FuzzSupport: libFuzzer's driver in a fuzzing build, else a replay).
@main
enum CheckpointFuzzMain {
    static func main() { FuzzDriver.main(CheckpointFuzz.run) }
}
