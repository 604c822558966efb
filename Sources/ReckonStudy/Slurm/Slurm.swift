import Foundation

/// The Slurm commands Reckon calls (sbatch, scontrol, squeue, sacct), found on PATH.
public enum Slurm {
    /// The full path of `command` on the PATH of `environment`, or nil.
    public static func find(
        _ command: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a Slurm command; returns its exit status, standard output and standard error.
    @discardableResult
    public static func run(
        _ command: String, _ arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (status: Int32, output: String, error: String) {
        guard let path = find(command, environment: environment) else {
            throw SweepError(
                "\(command) not found on PATH; is this a Slurm login node? (install slurm-client, or run the sweep "
                    + "locally with `reckon sweep run`)"
            )
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            // Foundation's own text is an NSError dump; the system's reason is one line.
            let ns = error as NSError
            let reason =
                ns.domain == NSPOSIXErrorDomain
                ? String(cString: strerror(Int32(truncatingIfNeeded: ns.code))) : "it could not be executed"
            throw SweepError("cannot start \(path): \(reason)")
        }
        // Read both pipes before waiting, so a chatty command cannot fill one and block.
        let errData = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData.data, as: UTF8.self)
        )
    }

    /// The cluster's MaxArraySize (tasks 0...MaxArraySize-1), Slurm's default 1001 when unknown.
    public static func maxArraySize() -> Int {
        guard let r = try? run("scontrol", ["show", "config"]), r.status == 0 else { return 1001 }
        for line in r.output.split(separator: "\n") where line.hasPrefix("MaxArraySize") {
            if let v = line.split(separator: "=").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                return v
            }
        }
        return 1001
    }

    /// Counts of the job's array tasks by state from squeue (pending and running ones), and from
    /// sacct when accounting is set up; nil when neither answers.
    public static func jobStates(_ jobID: String) -> [String: Int]? {
        var counts: [String: Int] = [:]
        var answered = false
        if let r = try? run("squeue", ["-h", "-r", "-j", jobID, "-o", "%T"]), r.status == 0 {
            answered = true
            for s in r.output.split(separator: "\n") { counts[String(s), default: 0] += 1 }
        }
        if let r = try? run("sacct", ["-n", "-X", "-P", "-j", jobID, "-o", "State"]), r.status == 0,
            !r.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            answered = true
            for s in r.output.split(separator: "\n") {
                let state = s.split(separator: " ").first.map(String.init) ?? String(s)
                if state != "PENDING" && state != "RUNNING" { counts[state, default: 0] += 1 }
            }
        }
        return answered ? counts : nil
    }
}

/// Bytes written by one thread and read by another after a DispatchGroup wait (which orders them).
private final class DataBox: @unchecked Sendable { var data = Data() }
