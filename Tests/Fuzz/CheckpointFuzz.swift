import Foundation
import ReckonLab
import ReckonNN

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

/// libFuzzer's entry for one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    CheckpointFuzz.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

#if RECKON_LIBFUZZER
/// libFuzzer's driver (compiler-rt, "fuzzer" runtime). SwiftPM points an executable's `main`
/// at the module's own entry point, so the entry point hands over to the driver instead of
/// relying on libFuzzer's `main`. Only pointers and ints cross, which Swift passes as C does.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// The executable's entry: libFuzzer's driver in a fuzzing build, else a replay of the
/// files and folders named on the command line.
@main
enum CheckpointFuzzMain {
    static func main() {
        #if RECKON_LIBFUZZER
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { bytes, count in fuzzCheckpoint(bytes, count) })
        #else
        let fm = FileManager.default
        var files: [String] = []
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? fm.contentsOfDirectory(atPath: argument)) ?? []
                files += names.sorted().map { argument + "/" + $0 }
            } else {
                files.append(argument)
            }
        }
        for path in files {
            guard let data = fm.contents(atPath: path) else { continue }
            CheckpointFuzz.run(data)
        }
        print("replayed \(files.count) inputs")
        #endif
    }
}
