import Foundation

/// The path of the running `reckon` binary, which a sweep starts again for each job (and
/// writes into Slurm scripts). /proc/self/exe on Linux: argv[0] may be a bare name found on PATH.
public enum SelfExecutable {
    public static var url: URL {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        #endif
        if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }
}
