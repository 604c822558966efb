import Foundation
import ReckonStudy

/// Sweep files under fuzzing: the bytes as a sweep file's text (YAML, or JSON, which is YAML
/// too) through `SweepFile.parse` and `SweepPlan.expand` with small bounds, as `reckon sweep run
/// --dry-run` reads a file. Any error must be one line: a hostile input is a one-line error, never
/// a crash, a hang or a multi-GiB allocation (issue 25 #3).
///
/// Built with `-sanitize=fuzzer,address` (libFuzzer calls `LLVMFuzzerTestOneInput`) by the
/// Makefile's fuzz build with `--product SweepFuzz`; a plain build is a replay tool:
/// `SweepFuzz FILE_OR_DIR...` runs each file once, for reproducing a crash libFuzzer reported.
enum SweepFuzz {
    /// Small enough that one input plans at most 64 runs, large enough for every example sweep's
    /// text (the paper's grid needs --protocol paper, which the file may name itself).
    static let limits = SweepLimits(
        maxBytes: 16_384, maxValues: 4_096, maxKeysPerMapping: 64, maxRules: 64, maxRuns: 64)

    static func run(_ data: Data) {
        // `reckon` refuses text that is not UTF-8 before parsing (SweepFile.load).
        guard let text = String(validating: data, as: UTF8.self) else { return }
        do {
            let file = try SweepFile.parse(text, path: "fuzz.yaml", limits: limits)
            _ = try SweepPlan.expand(file, limits: limits)
        } catch {
            let message = "\(error)"
            if message.contains(where: \.isNewline) || message.isEmpty {
                fatalError("a sweep file error is not one line: \(message.debugDescription)")
            }
        }
    }
}

/// libFuzzer's entry for one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSweep(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    SweepFuzz.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

#if RECKON_LIBFUZZER
/// libFuzzer's driver (compiler-rt, "fuzzer" runtime), entered from `main` as in CheckpointFuzz.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// The executable's entry: libFuzzer's driver in a fuzzing build, else a replay of the files and
/// folders named on the command line.
@main
enum SweepFuzzMain {
    static func main() {
        #if RECKON_LIBFUZZER
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { bytes, count in fuzzSweep(bytes, count) })
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
            SweepFuzz.run(data)
        }
        print("replayed \(files.count) inputs")
        #endif
    }
}
