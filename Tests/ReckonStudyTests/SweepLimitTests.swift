import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// Issue 25 #3: a sweep file is bounded before anything it asks for is built.
@Suite struct SweepLimitTests {
    /// `reckon arguments` under `ulimit -v` (KiB of address space) and `ulimit -t` (CPU seconds), as
    /// the issue's tester ran it: a command that allocates without bound aborts instead of paging, and
    /// one that spins is killed, so a regression fails instead of stalling the suite.
    static func runLimited(
        _ arguments: [String], memoryKiB: Int = 2 << 20, cpuSeconds: Int = 120
    ) throws -> Outcome {
        let reckon = try #require(ReckonBinary.url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments =
            ["-c", "ulimit -v \(memoryKiB) && ulimit -t \(cpuSeconds) && exec \"$0\" \"$@\"", reckon.path] + arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let errData = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Outcome(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: errData.data, as: UTF8.self), signaled: p.terminationReason == .uncaughtSignal)
    }

    private final class Box: @unchecked Sendable { var data = Data() }

    /// What a limited run printed and returned.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var signaled: Bool
    }

    static func expectOneLine(
        _ r: Outcome, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == 2 && !r.signaled, "status \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        for f in fragments { #expect(r.stderr.contains(f), "\(r.stderr)", sourceLocation: sourceLocation) }
    }

    static func plan(_ yaml: String, limits: SweepLimits = .standard) throws -> SweepPlan {
        try SweepPlan.expand(try SweepFile.parse(yaml, path: "s.yaml", limits: limits), limits: limits)
    }

    static func error(_ yaml: String, limits: SweepLimits = .standard) -> String {
        do {
            _ = try plan(yaml, limits: limits)
            return "no error"
        } catch { return "\(error)" }
    }

    /// The issue's file: one task, one model, five axes of 100 values (10^10 runs). `--dry-run`
    /// aborted at 4 GB, and a real run took minutes and left a folder every later command refused.
    @Test func aSweepFileIsExpandedInMemoryBeforeAnySizeCheck() throws {
        let tmp = try TemporaryDirectory("sweep-large")
        defer { tmp.remove() }
        let values = "[" + (1...100).map(String.init).joined(separator: ",") + "]"
        let yaml =
            "name: large\nbase: {task: parity_check, model: lstm}\naxes:\n"
            + ["seed", "steps", "batch_size", "hidden_size", "eval_samples"].map { "  \($0): \(values)\n" }.joined()
        let file = tmp.url.appendingPathComponent("large.yaml")
        try Data(yaml.utf8).write(to: file)
        #expect(yaml.utf8.count < 2_000)
        let out = tmp.url.appendingPathComponent("out")
        for arguments in [
            ["sweep", "run", file.path, "--out", out.path, "--dry-run"],
            ["sweep", "run", file.path, "--out", out.path],
            ["sweep", "submit", file.path, "--out", out.path, "--slurm", "--dry-run"],
        ] {
            Self.expectOneLine(try Self.runLimited(arguments), ["10000000000 runs", "limit of 100000"])
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(arguments) created \(out.path)")
        }
    }

    /// The count is the product of the axes per machine (a machine-setting axis multiplies only the
    /// machines that have it), plus the include rules: what `expand` makes before exclusions.
    @Test func theRunCountIsKnownBeforeExpanding() throws {
        func bound(_ yaml: String, protocol p: RunProtocol? = nil) throws -> (bound: Int, runs: Int) {
            let file = try SweepFile.parse(yaml, path: "s.yaml")
            let capped = SweepLimits(
                maxBytes: 1 << 20, maxValues: 100_000, maxKeysPerMapping: 256, maxRules: 1_000, maxRuns: 0)
            let message: String
            do {
                _ = try SweepPlan.expand(file, protocol: p, limits: capped)
                message = ""
            } catch { message = "\(error)" }
            let planned = try SweepPlan.expand(file, protocol: p).runs.count
            let digits = message.split(separator: " ").firstIndex(of: "plans").map {
                message.split(separator: " ")[$0 + 1]
            }
            return (Int(digits ?? "") ?? -1, planned)
        }
        let mixed = try bound(
            """
            name: t
            axes:
              task: [parity_check, reverse_string]
              model: [lstm, transformer_encoder]
              positional_encodings: [none, rotary, alibi]
              seed: [0, 1]
            include: [{task: even_pairs, model: lstm}]
            """)
        #expect(mixed.bound == 2 * (1 + 3) * 2 + 1)
        #expect(mixed.runs == mixed.bound)
        let paper = try bound(
            "name: p\naxes: {task: [parity_check], model: [rnn, stack_rnn, tape_rnn, transformer_encoder, lstm]}",
            protocol: .paper)
        #expect(paper.bound == 420 && paper.runs == 420)
        let excluded = try bound(
            "name: t\naxes: {task: parity_check, model: lstm, seed: [0, 1, 2]}\nexclude: [{seed: 1}]")
        #expect(excluded.bound == 3 && excluded.runs == 2)
        // A product past Int.max saturates instead of trapping.
        let values = "[" + (1...1000).map(String.init).joined(separator: ",") + "]"
        let huge =
            "name: h\nbase: {task: parity_check, model: lstm}\naxes:\n"
            + ["seed", "steps", "batch_size", "hidden_size", "eval_samples", "train_length", "learning_rate"].map {
                "  \($0): \(values)\n"
            }.joined()
        #expect(Self.error(huge).contains("plans more than \(Int.max) runs"))
    }

    /// Hostile documents end in one line before Yams or the expansion can run away with them.
    /// SweepFuzz's find: a mapping key nested to libyaml's 1 000 levels (`? - - - …`). Yams hashes
    /// keys recursively while composing, which overflowed the main thread's 8 MiB under
    /// AddressSanitizer; parsing now runs on its own deep stack, so even a caller on a 256 KiB
    /// thread (where the old parse crashed the process) gets the one-line error.
    @Test func aKeyNestedAThousandLevelsDeepParsesOnAnyThread() throws {
        let text =
            "name: d\naxes:\n  seed:\n    " + String(repeating: "- ", count: 11) + "? "
            + String(repeating: "- ", count: 985) + "\n"
        final class Box: @unchecked Sendable { var message: String? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do { _ = try SweepFile.parse(text, path: "deep.yaml") } catch { box.message = "\(error)" }
            done.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
        done.wait()
        #expect(box.message?.hasPrefix("deep.yaml:") == true, "\(box.message ?? "parsed")")
        #expect(box.message?.contains("\n") == false)
    }

    @Test func hostileSweepFilesAreOneLineErrors() throws {
        let ok = "name: t\nbase: {task: parity_check, model: lstm}\n"
        // Billion laughs through a mapping key: Yams hashes keys to find repeats, and this key
        // stands for 10^9 nodes (the old binary ran out its CPU limit on it).
        var bomb = ok + "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...8 {
            bomb += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        bomb += "? *l8\n: 1\n"
        #expect(Self.error(bomb).contains("s.yaml:3:5: YAML anchors (&name) and aliases (*name) are not accepted"))
        let tmp = try TemporaryDirectory("sweep-bomb")
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("bomb.yaml")
        try Data(bomb.utf8).write(to: file)
        Self.expectOneLine(
            try Self.runLimited(
                ["sweep", "run", file.path, "--out", tmp.url.appendingPathComponent("o").path], cpuSeconds: 20),
            ["bomb.yaml:3:5: YAML anchors"])
        #expect(Self.error(ok + "axes: {seed: &s [0, 1]}").contains("anchors"))
        // An `&` that cannot start an anchor is text.
        #expect(try Self.plan("# Madsen & Johansen && co: &x\n" + ok + "exclude: [{seed: a&b}]").runs.count == 1)
        // libyaml's nesting bound, named without its C setter; the schema's own depth is 4.
        let deep =
            ok + "axes: {seed: " + String(repeating: "[", count: 100_000) + "0"
            + String(repeating: "]", count: 100_000) + "}"
        #expect(Self.error(deep).contains("nested more than 1000 levels deep"))
        let nested =
            ok + "axes: {seed: " + String(repeating: "[", count: 999) + "0"
            + String(repeating: "]", count: 999) + "}"
        #expect(Self.error(nested).contains("must be a single value"))
        // A key quoted from the file stays on one line (the fuzz target's first find).
        let newline = Self.error("name: t\nbase: {\"hidden\\nsize\": 1, task: parity_check, model: lstm}")
        #expect(newline.contains("unknown setting 'hidden\\nsize'") && !newline.contains("\n"), "\(newline)")
        // Sizes.
        // `ok` reads 10 keys and values, an axis mapping 2 more.
        let small = SweepLimits(maxBytes: 200, maxValues: 30, maxKeysPerMapping: 4, maxRules: 2, maxRuns: 10)
        #expect(Self.error(ok + "# " + String(repeating: "x", count: 200), limits: small).contains("at most 200 bytes"))
        #expect(
            Self.error(
                "name: t\nbase: {task: parity_check, model: lstm, seed: 1, steps: 2, batch_size: 3}", limits: small
            )
            .contains("a mapping of 5 keys; a mapping in a sweep file has at most 4"))
        #expect(
            Self.error(ok + "axes: {seed: [" + (0..<19).map(String.init).joined(separator: ",") + "]}", limits: small)
                .contains("more than 30 keys and values"))
        #expect(
            Self.error(ok + "exclude: [{seed: 0}, {seed: 1}, {seed: 2}]", limits: small)
                .contains("3 exclude and include rules; a sweep file has at most 2"))
        #expect(
            Self.error(ok + "axes: {seed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}", limits: small).contains("plans 11 runs")
        )
        #expect(try Self.plan(ok + "axes: {seed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}", limits: small).runs.count == 10)
    }

    /// A FIFO or /dev/zero read as "You don't have permission", a folder as raw Cocoa text.
    @Test func aSweepFileThatIsNotARegularFileIsNamedSo() throws {
        let tmp = try TemporaryDirectory("sweep-files")
        defer { tmp.remove() }
        let fifo = tmp.url.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let big = tmp.url.appendingPathComponent("big.yaml")
        try Data(count: (1 << 20) + 1).write(to: big)
        let latin1 = tmp.url.appendingPathComponent("latin1.yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9]).write(to: latin1)
        let out = tmp.url.appendingPathComponent("out")
        let cases: [(String, String)] = [
            (fifo.path, "it is a FIFO (named pipe), not a regular file"),
            ("/dev/zero", "it is a character device, not a regular file"),
            (tmp.url.path, "it is a directory, not a regular file"),
            (big.path, "it has 1048577 bytes, and at most 1048576 are read"),
            (latin1.path, "it is not UTF-8 text"),
            (tmp.url.appendingPathComponent("missing.yaml").path, "it does not exist"),
        ]
        for (path, fragment) in cases {
            Self.expectOneLine(try Self.runLimited(["sweep", "run", path, "--out", out.path]), [fragment])
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}
