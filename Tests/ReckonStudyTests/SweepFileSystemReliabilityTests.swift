import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// Issue 25's failures in sweep directories, results databases and reports, through the `reckon`
/// binary: each test reproduces the command and checks the rule it broke (a refused command
/// exits 2 with one line, no Foundation or SQLite text, and changes nothing on disk; setup is atomic;
/// nothing is replaced unless it is a regular file; summaries are checked on load).
@Suite(.serialized) struct SweepFileSystemReliabilityTests {
    /// Two runs of a second or less.
    static let microYAML = """
        name: micro
        base: {steps: 5, batch_size: 4, train_length: 4, eval_max_length: 6, eval_samples: 4, hidden_size: 8}
        axes: {task: [parity_check], model: [lstm], seed: [0, 1]}
        """

    /// A temporary folder holding micro.yaml.
    func workspace(_ name: String = #function) throws -> (TemporaryDirectory, URL) {
        let tmp = try TemporaryDirectory("sweep-fs-\(name.filter { $0.isLetter })")
        let file = tmp.url.appendingPathComponent("micro.yaml")
        try Data(Self.microYAML.utf8).write(to: file)
        return (tmp, file)
    }

    /// `reckon sweep run micro.yaml --out dir`, expected to finish.
    func sweep(_ file: URL, _ out: URL, environment: [String: String] = [:]) throws -> ReckonBinary.Result {
        try ReckonBinary.run(
            ["sweep", "run", file.path, "--out", out.path, "--quiet", "--jobs", "1"], environment: environment)
    }

    /// Exit code 2, exactly one line with every fragment and no raw Foundation or SQLite text, and
    /// nothing under `dir` changed.
    func expectRefusal(
        _ arguments: [String], _ fragments: [String], leaving dir: URL,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = DiskSnapshot(dir)
        let r = try ReckonBinary.run(arguments)
        #expect(r.status == 2, "status \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        for raw in ["NSCocoaErrorDomain", "Error Domain", "SQLite error", "permission"] {
            #expect(!r.stderr.contains(raw), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        }
        for f in fragments {
            #expect(r.stderr.contains(f), "stderr '\(r.stderr)' lacks '\(f)'", sourceLocation: sourceLocation)
        }
        let after = DiskSnapshot(dir)
        #expect(after == before, "changed: \(after.changes(since: before))", sourceLocation: sourceLocation)
    }

    @Test("#4 The sweep folder's .lock is followed through a symlink under sweep run")
    func sweepLockIsNotFollowedThroughASymlink() throws {
        let (tmp, file) = try workspace()
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("D")
        #expect(try sweep(file, out).status == 0)
        let victim = tmp.url.appendingPathComponent("victim.txt")
        try Data("secret\n".utf8).write(to: victim)
        let lock = out.appendingPathComponent(".lock")
        try FileManager.default.removeItem(at: lock)
        try FileManager.default.createSymbolicLink(atPath: lock.path, withDestinationPath: "../victim.txt")
        try expectRefusal(
            ["sweep", "run", file.path, "--out", out.path, "--quiet"], ["symbolic link", ".lock"], leaving: tmp.url)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "secret\n")
    }

    @Test("#5 reckon report RUN --out /dev/full turned /dev/full into a regular file; FIFOs likewise")
    func reportReplacesOnlyRegularFiles() throws {
        let (tmp, file) = try workspace()
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("D")
        #expect(try sweep(file, out).status == 0)
        let runs = out.appendingPathComponent("runs")
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        let runURL = runs.appendingPathComponent(first)
        let fifo = tmp.url.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let link = tmp.url.appendingPathComponent("link.html")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "micro.yaml")
        // A character device like /dev/full, made here (root only) so a failing Reckon cannot harm the real one.
        let device = tmp.url.appendingPathComponent("full")
        #if os(Linux)
        let full = dev_t((1 << 8) | 7)  // makedev(1, 7)
        #else
        let full = dev_t((1 << 24) | 7)
        #endif
        let haveDevice = mknod(device.path, S_IFCHR | 0o666, full) == 0
        var targets = [(fifo, "a FIFO"), (link, "a symbolic link"), (out, "a directory")]
        if haveDevice { targets.append((device, "a character device")) }
        for source in [runURL, out] {
            for (target, noun) in targets {
                try expectRefusal(
                    ["report", source.path, "--out", target.path], ["it is \(noun)", "regular file"], leaving: tmp.url)
            }
        }
        let good = try ReckonBinary.run(["report", runURL.path, "--out", tmp.url.appendingPathComponent("r.html").path])
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test("#8 A signal in the first ~30 ms of sweep run leaves a folder every rerun refuses")
    func anInterruptedSetupIsFinishedByTheRerun() throws {
        let (tmp, file) = try workspace()
        defer { tmp.remove() }
        let reference = tmp.url.appendingPathComponent("reference")
        #expect(try sweep(file, reference).status == 0)
        // The setup's two atomic writes are sweep.yaml and sweep.json; SIGKILL at each phase of each
        // stands for any signal there (no handler is installed yet, so SIGINT ends the process as SIGKILL does).
        for point in ["write 1 partial", "write 1 renamed", "write 2 partial", "write 2 complete"] {
            let out = tmp.url.appendingPathComponent(point.replacingOccurrences(of: " ", with: "-"))
            let killed = try sweep(file, out, environment: ["RECKON_KILL_AT": point])
            #expect(killed.signaled && killed.status == SIGKILL, "\(point): \(killed.status) \(killed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.json").path))
            let rerun = try sweep(file, out)
            #expect(rerun.status == 0, "\(point): \(rerun.stderr)")
            #expect(rerun.stdout.contains("2 finished, 0 failed"), "\(point): \(rerun.stdout)")
            #expect(try SweepRunTests.runFiles(out) == SweepRunTests.runFiles(reference), "\(point)")
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
            #expect(!names.contains { $0.contains(".tmp-") }, "\(point): \(names)")
        }
    }

    @Test("#9 sweep run --out on a non-sweep folder creates .lock in it")
    func refusedSweepTouchesNothing() throws {
        let (tmp, file) = try workspace()
        defer { tmp.remove() }
        let folder = tmp.url.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try expectRefusal(
            ["sweep", "run", file.path, "--out", folder.path], ["is not a sweep directory"], leaving: tmp.url)
        // A user's own sweep.yaml is not taken for the leftover of an interrupted setup.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("notes.txt"))
        try Data("name: mine\n".utf8).write(to: folder.appendingPathComponent("sweep.yaml"))
        try expectRefusal(
            ["sweep", "run", file.path, "--out", folder.path], ["is not a sweep directory"], leaving: tmp.url)
    }

    @Test("#9 results and status on a corrupt results.sqlite page print SQLite error 11 and modify it")
    func aDamagedDatabaseIsNamedAndLeftAsItIs() throws {
        let (tmp, file) = try workspace()
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("D")
        #expect(try sweep(file, out).status == 0)
        let database = out.appendingPathComponent("results.sqlite")
        // Page 2 holds the runs table, page 6 the evaluations (4096-byte pages).
        for page in [2, 6] {
            #expect(try ReckonBinary.run(["sweep", "index", out.path]).status == 0)
            let handle = try FileHandle(forUpdating: database)
            try handle.seek(toOffset: UInt64(4096 * (page - 1)))
            handle.write(Data(repeating: 0xDE, count: 4096))
            try handle.close()
            // The runs changed since they were indexed, so `results` and `status` would write.
            for run in try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path) {
                let summary = out.appendingPathComponent("runs/\(run)/summary.json")
                try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: summary.path)
            }
            for command in [["results", out.path], ["sweep", "status", out.path]] {
                try expectRefusal(command, ["damaged", "reckon sweep index \(out.path)"], leaving: tmp.url)
            }
        }
        #expect(try ReckonBinary.run(["sweep", "index", out.path]).status == 0)
        let table = try ReckonBinary.run(["results", out.path])
        #expect(table.status == 0 && table.stdout.contains("parity_check"), "\(table.stderr)")
    }

    @Test("#11 \"score\": 1e308 in a summary.json shows as a 309-digit number")
    func implausibleScoresAreReportedAsCorrupt() throws {
        let (tmp, file) = try workspace()
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("D")
        #expect(try sweep(file, out).status == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path).sorted()
        let summary = out.appendingPathComponent("runs/\(runs[0])/summary.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: Any])
        json["score"] = 1e308
        try JSONSerialization.data(withJSONObject: json).write(to: summary)
        let long = try NSRegularExpression(pattern: "[0-9]{12}")
        func hasLongNumber(_ text: String) -> Bool {
            long.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        let results = try ReckonBinary.run(["results", out.path])
        #expect(results.status == 0 && !hasLongNumber(results.stdout), "\(results.stdout)")
        let status = try ReckonBinary.run(["sweep", "status", out.path])
        #expect(status.stdout.contains("corrupt: \(runs[0]): summary.json: 'score' is 1e+308"), "\(status.stdout)")
        #expect(!hasLongNumber(status.stdout), "\(status.stdout)")
        let page = tmp.url.appendingPathComponent("r.html")
        let run = out.appendingPathComponent("runs/\(runs[0])")
        let report = try ReckonBinary.run(["report", run.path, "--out", page.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(!hasLongNumber(html) && html.contains("is corrupt"))
    }

    @Test("Misleading messages: a FIFO, /dev/zero or a folder as the sweep file; --out a file, /proc or a loop")
    func userPathProblemsAreNamed() throws {
        let (tmp, file) = try workspace()
        defer { tmp.remove() }
        let fifo = tmp.url.appendingPathComponent("fifo.yaml")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let out = tmp.url.appendingPathComponent("S").path
        for (source, reason) in [
            (fifo.path, "it is a FIFO (named pipe), not a regular file"),
            ("/dev/zero", "it is a character device, not a regular file"),
            (tmp.url.path, "it is a directory, not a regular file"),
        ] {
            try expectRefusal(["sweep", "run", source, "--out", out], [reason, "YAML or JSON"], leaving: tmp.url)
        }
        let plain = tmp.url.appendingPathComponent("plain")
        try Data("x".utf8).write(to: plain)
        let loop = tmp.url.appendingPathComponent("loop")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop")
        var outs = [(plain.path, "is a regular file, not a folder"), (loop.path, "Too many levels of symbolic links")]
        if FileManager.default.fileExists(atPath: "/proc/self") { outs.append(("/proc", "is not a sweep directory")) }
        for (target, reason) in outs {
            try expectRefusal(["sweep", "run", file.path, "--out", target], [reason], leaving: tmp.url)
        }
        let negative = tmp.url.appendingPathComponent("negative.yaml")
        try Data("name: n\nbase: {task: parity_check, model: lstm, seed: -1}\n".utf8).write(to: negative)
        try expectRefusal(
            ["sweep", "run", negative.path, "--out", out, "--dry-run"],
            ["seed must be a whole number from 0 to 18446744073709551615, got '-1'"], leaving: tmp.url)
    }
}
