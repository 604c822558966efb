import Foundation

/// The built `reckon` binary, for tests that run it as a user would (exit codes, stderr lines,
/// files on disk, killed processes).
public enum ReckonBinary {
    /// What one invocation printed and returned.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Ended by a signal (then `status` is the signal's number).
        public var signaled = false
    }

    /// `$RECKON_BIN` if set, else the `reckon` built beside the test bundle (`swift test` builds
    /// every product of the package; on Linux argv[0] is the bundle).
    public static let url: URL? = {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["RECKON_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("reckon")
            if fm.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    /// Starts `reckon arguments` without waiting (output to the given handles).
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
        output: FileHandle = .nullDevice
    ) throws -> Process {
        guard let url else { throw TestSupportError("the reckon binary was not found (set RECKON_BIN)") }
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { p.currentDirectoryURL = directory }
        p.standardOutput = output
        p.standardError = output
        try p.run()
        return p
    }

    /// Runs `reckon arguments` to completion.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
    ) throws -> Result {
        guard let url else { throw TestSupportError("the reckon binary was not found (set RECKON_BIN)") }
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Both pipes are drained at once: a child blocked on a full stderr pipe would never exit.
        let errData = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: errData.data, as: UTF8.self),
            signaled: p.terminationReason == .uncaughtSignal)
    }

    private final class Box: @unchecked Sendable { var data = Data() }
}

/// A test's own precondition failed (no binary, no temporary directory).
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A fresh temporary directory, removed by `remove()`.
public struct TemporaryDirectory {
    public let url: URL
    public init(_ name: String = "reckon-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    /// Every entry, hidden ones included (leftover temporary files start with a dot), sorted.
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}
