import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// `reckon sweep run` and `reckon results` as a user runs them: the binary, real run folders.
@Suite(.serialized) struct SweepRunTests {
    /// 2 tasks x 2 machines x 2 seeds; each run long enough (a second or so) to be killed mid-training.
    static let killYAML = """
        name: kill
        base: {steps: 1500, batch_size: 16, train_length: 8, eval_max_length: 16, eval_samples: 16,
               checkpoint_every: 100, hidden_size: 16}
        axes: {task: [parity_check, reverse_string], model: [lstm, stack_rnn], seed: [0, 1]}
        """

    static func write(_ text: String, _ url: URL) throws { try Data(text.utf8).write(to: url) }

    /// Processes whose parent is `pid` (Linux /proc).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }

    /// Every file of every run folder that must match between two sweeps: checkpoints and evaluations.
    static func runFiles(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let runs = dir.appendingPathComponent("runs")
        for id in try FileManager.default.contentsOfDirectory(atPath: runs.path) {
            for name in [RunFolder.checkpointName, RunFolder.evalName] {
                out["\(id)/\(name)"] = try Data(
                    contentsOf: runs.appendingPathComponent(id).appendingPathComponent(name))
            }
        }
        return out
    }

    @Test func aSweepKilledMidwayAndRerunEndsAsAnUninterruptedOne() throws {
        let tmp = try TemporaryDirectory("sweep-kill")
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("kill.yaml")
        try Self.write(Self.killYAML, file)
        let reference = tmp.url.appendingPathComponent("reference")
        let killed = tmp.url.appendingPathComponent("killed")
        let r = try ReckonBinary.run(["sweep", "run", file.path, "--out", reference.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")

        // Kill the sweep and its jobs with SIGKILL while some run is between checkpoints.
        let sweep = try ReckonBinary.start(["sweep", "run", file.path, "--out", killed.path, "--quiet"])
        var midway = false
        _ = waitUntil(timeout: 120) {
            let runs =
                (try? FileManager.default.contentsOfDirectory(atPath: killed.appendingPathComponent("runs").path)) ?? []
            midway = runs.contains { id in
                let run = killed.appendingPathComponent("runs").appendingPathComponent(id)
                return FileManager.default.fileExists(atPath: run.appendingPathComponent(RunFolder.checkpointName).path)
                    && !FileManager.default.fileExists(atPath: run.appendingPathComponent(RunFolder.summaryName).path)
            }
            return midway || !sweep.isRunning
        }
        #expect(midway, "no run was caught between checkpoints")
        for child in Self.children(of: sweep.processIdentifier) { kill(child, SIGKILL) }
        kill(sweep.processIdentifier, SIGKILL)
        sweep.waitUntilExit()
        let partial = try SweepDirectory(killed).states(SweepDirectory(killed).manifest())
        #expect(partial.contains { $0 != .finished }, "the kill came after the sweep had finished")

        let again = try ReckonBinary.run(["sweep", "run", file.path, "--out", killed.path, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try ResultsDatabase(SweepDirectory(killed)).comparableDump()
                == ResultsDatabase(SweepDirectory(reference)).comparableDump())
        #expect(try Self.runFiles(killed) == Self.runFiles(reference))
        let leftovers =
            FileManager.default.enumerator(atPath: killed.path)?.compactMap { $0 as? String }.filter {
                $0.contains(".tmp")
            } ?? []
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    /// `reckon results` against the same numbers computed here from every run's eval.csv.
    @Test func resultsAreTheScoresOfTheRunFolders() throws {
        let tmp = try TemporaryDirectory("sweep-results")
        defer { tmp.remove() }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let out = tmp.url.appendingPathComponent("tiny")
        let r = try ReckonBinary.run([
            "sweep", "run", root.appendingPathComponent("examples/sweeps/tiny.yaml").path, "--out", out.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try ReckonBinary.run(["results", out.path, "--format", "csv"])
        #expect(csv.status == 0)
        let rows = csv.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.count == 4)

        let manifest = try SweepDirectory(out).manifest()
        var scores: [String: [Double]] = [:]
        for run in manifest.runs {
            let text = try String(contentsOf: out.appendingPathComponent("runs/\(run.id)/eval.csv"), encoding: .utf8)
            let unseen = text.split(separator: "\n").dropFirst().compactMap { line -> Double? in
                let f = line.split(separator: ",")
                guard let length = Int(f[0]), length > run.config.trainLength, length <= run.config.evalMaxLength else {
                    return nil
                }
                return Double(f[1])
            }
            scores["\(run.config.task),\(run.config.model)", default: []].append(
                unseen.reduce(0, +) / Double(unseen.count))
        }
        for row in rows {
            let s = try #require(scores["\(row[0]),\(row[1])"]).sorted()
            let median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
            #expect(Int(row[2]) == s.count)
            // eval.csv keeps 6 decimals; the table prints 6.
            #expect(abs(Double(row[6])! - s.max()!) < 2e-6, "max of \(row[0]) \(row[1])")
            #expect(abs(Double(row[7])! - median) < 2e-6, "median of \(row[0]) \(row[1])")
        }
        let table = try ReckonBinary.run(["results", out.path])
        #expect(table.stdout.contains("max / median"))
        #expect(table.stdout.contains("parity_check") && table.stdout.contains("stack_rnn"))
    }

    @Test func badSweepInputIsOneLineAndTouchesNothing() throws {
        let tmp = try TemporaryDirectory("sweep-bad")
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("s.yaml")
        let out = tmp.url.appendingPathComponent("s")
        try Self.write(
            "name: s\nbase: {steps: 3000, batch_size: 8, train_length: 5, eval_max_length: 8, eval_samples: 4, "
                + "hidden_size: 4}\n"
                + "axes: {task: parity_check, model: lstm, seed: [0, 1]}\n", file)
        func expectUserError(
            _ r: ReckonBinary.Result, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            #expect(r.status == 2, "status \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(
                r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(fragment), "\(r.stderr)",
                sourceLocation: sourceLocation)
        }
        // Two sweeps on one directory: the second names the first's PID.
        let first = try ReckonBinary.start(["sweep", "run", file.path, "--out", out.path, "--quiet"])
        _ = waitUntil(timeout: 5) {
            FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.json").path)
        }
        expectUserError(
            try ReckonBinary.run(["sweep", "run", file.path, "--out", out.path]),
            "in use by another reckon process (PID \(first.processIdentifier))")
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)

        // Another sweep in the same directory.
        let other = tmp.url.appendingPathComponent("o.yaml")
        try Self.write("name: s\naxes: {task: parity_check, model: lstm, seed: [0, 1, 2]}\n", other)
        let before = try Data(contentsOf: out.appendingPathComponent("sweep.json"))
        expectUserError(
            try ReckonBinary.run(["sweep", "run", other.path, "--out", out.path]), "already holds a different sweep")
        #expect(try Data(contentsOf: out.appendingPathComponent("sweep.json")) == before)

        // No sbatch on PATH.
        expectUserError(
            try ReckonBinary.run(
                ["sweep", "submit", file.path, "--out", tmp.url.appendingPathComponent("c").path, "--slurm"],
                environment: ["PATH": tmp.url.path]), "sbatch not found")
        #expect(!FileManager.default.fileExists(atPath: tmp.url.appendingPathComponent("c").path))

        // A corrupt database is named, with the way out.
        try Data(repeating: 0x41, count: 4096).write(to: out.appendingPathComponent("results.sqlite"))
        expectUserError(try ReckonBinary.run(["results", out.path]), "reckon sweep index")
        let rebuilt = try ReckonBinary.run(["sweep", "index", out.path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try ReckonBinary.run(["results", out.path]).status == 0)
    }
}
