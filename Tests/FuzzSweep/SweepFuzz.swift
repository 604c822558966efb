import Foundation
import FuzzSupport
import ReckonStudy

/// Sweep files under fuzzing: the bytes as a sweep file's text (YAML, or JSON, which is YAML
/// too) through `SweepFile.parse` and `SweepPlan.expand` with small bounds, as `reckon sweep run
/// --dry-run` reads a file. Any error must be one line: a hostile input is a one-line error, never
/// a crash, a hang or a multi-GiB allocation (issue 25 #3).
///
/// `make fuzz FUZZ_TARGET=SweepFuzz` builds it with `-sanitize=fuzzer,address`; a plain build is a
/// replay tool: `SweepFuzz FILE_OR_DIR...` runs each file once, for reproducing a crash.
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

/// The executable's entry (FuzzSupport: libFuzzer's driver in a fuzzing build, else a replay).
@main
enum SweepFuzzMain {
    static func main() { FuzzDriver.main(SweepFuzz.run) }
}
