import Foundation

/// What every fuzz target shares: libFuzzer's entry and driver in a fuzzing build
/// (`-sanitize=fuzzer,address -DRECKON_LIBFUZZER`, `make fuzz FUZZ_TARGET=...`), else a replay of
/// the files and folders named on the command line (for reproducing a crash libFuzzer reported).
/// A target's `main` is one line: `FuzzDriver.main { data in ... }`.
public enum FuzzDriver {
    nonisolated(unsafe) static var body: (Data) -> Void = { _ in }

    /// Runs `body` on libFuzzer's inputs, or on each replayed file, and exits.
    public static func main(_ body: @escaping (Data) -> Void) -> Never {
        Self.body = body
        #if RECKON_LIBFUZZER
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { bytes, count in fuzzOneInput(bytes, count) })
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
            body(data)
        }
        print("replayed \(files.count) inputs")
        exit(0)
        #endif
    }
}

/// libFuzzer's entry for one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzDriver.body(bytes.map { Data(bytes: $0, count: count) } ?? Data())
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
