import Foundation
import ReckonMachines
import ReckonTestSupport
import Testing

@testable import ReckonLab

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `reckon inspect` and `reckon extract` through the built binary, on tiny runs trained for the
/// purpose: the pages and JSON they write, reproducibly, and every user error refused with exit
/// code 2, one line on stderr and nothing written or changed on disk.
@Suite struct InspectCommandLineTests {
    /// Trains a 20-step run of `model` on `task` (hidden size 8, lengths 1-6, evaluated to 8) into `dir/name`.
    static func train(_ task: String, _ model: String, in dir: URL, _ settings: [String] = []) throws -> URL {
        let run = dir.appendingPathComponent("\(model)-\(task)")
        let r = try ReckonBinary.run(
            [
                "train", "--task", task, "--model", model, "--set", "hidden_size=8", "--steps", "20",
                "--batch-size", "8", "--train-length", "6", "--eval-max-length", "8", "--eval-samples", "4",
                "--out", run.path, "--quiet",
            ] + settings.flatMap { ["--set", $0] })
        try #require(r.status == 0, "training \(model) on \(task): \(r.stderr)")
        return run
    }

    /// The page as XML (after its DOCTYPE line).
    static func page(_ url: URL) throws -> XMLDocument {
        let html = try String(contentsOf: url, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        return try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
    }

    /// `reckon arguments` is refused: exit code 2, nothing on stdout, one line on stderr naming
    /// `fragment`, and every file under `dir` (the runs, their lock files, where --out and --json
    /// point) as it was.
    static func expectRefused(
        _ arguments: [String], _ fragment: String, leaving dir: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = DiskSnapshot(dir)
        let r = try ReckonBinary.run(arguments)
        #expect(r.status == 2, "\(arguments): exit \(r.status), \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "\(arguments): \(r.stdout)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(
            lines.count == 1 && r.stderr.hasPrefix("error: ") && r.stderr.contains(fragment),
            "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        let after = DiskSnapshot(dir)
        #expect(after == before, "\(arguments) changed \(after.changes(since: before))", sourceLocation: sourceLocation)
    }

    /// A typed input gives RUN/inspection.html with the tape and the hidden states coloured by parity's
    /// states; sampled inputs give the page and JSON where asked, the JSON decoding to the samples
    /// asked for, byte for byte the same on a second run.
    @Test func inspectWritesItsPageAndReproducibleJSON() throws {
        let tmp = try TemporaryDirectory("inspect-cli")
        defer { tmp.remove() }
        let run = try Self.train("parity_check", "rnn", in: tmp.url)

        let typed = try ReckonBinary.run(["inspect", run.path, "--input", "0110"])
        #expect(typed.status == 0, "\(typed.stderr)")
        let page = run.appendingPathComponent("inspection.html")
        #expect(typed.stdout.contains("rnn on parity_check: ") && typed.stdout.contains("wrote \(page.path)"))
        let doc = try Self.page(page)
        let tape = try doc.nodes(forXPath: "//div[@class='tape']/table/tr[1]/td").map { $0.stringValue ?? "" }
        #expect(tape == ["0", "1", "1", "0", "?"])
        let target = try doc.nodes(forXPath: "//div[@class='tape']/table/tr[2]/td").map { $0.stringValue ?? "" }
        #expect(target == ["", "", "", "", "0"], "0110 has even parity")
        let legend = try doc.nodes(forXPath: "//*[local-name()='svg'][@class='state-scatter']//*[@class='legend']")
        #expect(legend.map { $0.stringValue ?? "" } == ["true state q0", "true state q1", "past the input"])

        let out = tmp.url.appendingPathComponent("sampled.html")
        let json = tmp.url.appendingPathComponent("sampled.json")
        let sampled = ["inspect", run.path, "--sample", "3", "--length", "5", "--out", out.path, "--json", json.path]
        let first = try ReckonBinary.run(sampled)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote \(out.path) and \(json.path)"))
        let bytes = try Data(contentsOf: json)
        let html = try Data(contentsOf: out)
        let inspection = try RunFolder.decoder().decode(Inspection.self, from: bytes)
        #expect(inspection.samples.count == 3)
        #expect(inspection.samples.allSatisfy { $0.input.count == 5 && $0.target.count == 1 })
        #expect(inspection.inputs == "3 samples at length 5, seed 0")
        #expect(inspection.task == "parity_check" && inspection.model == "rnn" && inspection.step == 20)
        #expect(inspection.projection?.points.map(\.count) == [6, 6, 6], "one point per tape step")
        let hidden = inspection.samples.compactMap { $0.series.first { $0.name == TraceName.hidden } }
        #expect(hidden.count == 3 && hidden.allSatisfy { $0.kind == .state && $0.values.allSatisfy { $0.count == 8 } })
        _ = try Self.page(out)

        let second = try ReckonBinary.run(sampled)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Data(contentsOf: json) == bytes, "the same command gives the same JSON")
        #expect(try Data(contentsOf: out) == html, "and the same page")
    }

    /// A stack machine's page: its action probabilities per step, with values printed on 8 tape steps,
    /// and the means by part of the tape.
    @Test func inspectShowsAStackMachinesActions() throws {
        let tmp = try TemporaryDirectory("inspect-cli-stack")
        defer { tmp.remove() }
        let run = try Self.train("reverse_string", "stack_rnn", in: tmp.url, ["stack_size=16", "stack_cell_size=2"])
        let json = tmp.url.appendingPathComponent("stack.json")
        let r = try ReckonBinary.run(["inspect", run.path, "--input", "0 1 1 0", "--json", json.path])
        #expect(r.status == 0, "\(r.stderr)")
        let inspection = try RunFolder.decoder().decode(Inspection.self, from: Data(contentsOf: json))
        let sample = try #require(inspection.samples.first)
        #expect(sample.target == ["0", "1", "1", "0"] && sample.tape == ["0", "1", "1", "0", "?", "?", "?", "?"])
        let actions = try #require(sample.series.first { $0.name == TraceName.stackActions })
        #expect(actions.kind == .weights && actions.labels.count == 3)
        for row in actions.values { #expect(abs(row.reduce(0, +) - 1) < 1e-4, "probabilities: \(row)") }

        let doc = try Self.page(run.appendingPathComponent("inspection.html"))
        let map = try #require(
            doc.nodes(forXPath: "//*[local-name()='svg'][@aria-label='\(TraceName.stackActions)']").first)
        let cells = try map.nodes(forXPath: ".//*[@class='cell']").count
        #expect(cells == actions.values.count * 3)
        #expect(try map.nodes(forXPath: ".//*[@class='value']").count == cells, "8 steps leave room for the values")
        #expect(try doc.nodes(forXPath: "//table[@data-series='\(TraceName.stackActions)']/tr").count == 4)
    }

    /// Extraction from a tiny rnn on parity_check: RUN/extraction.html, and JSON with an automaton of at
    /// least one state, compared at every length 1...12 on 4 strings each, the clusters tried within 1...4.
    @Test func extractWritesItsPageAndJSON() throws {
        let tmp = try TemporaryDirectory("extract-cli")
        defer { tmp.remove() }
        let run = try Self.train("parity_check", "rnn", in: tmp.url)
        let json = tmp.url.appendingPathComponent("extraction.json")
        let r = try ReckonBinary.run([
            "extract", run.path, "--samples", "200", "--held-out", "50", "--max-clusters", "4", "--max-length",
            "12", "--per-length", "4", "--json", json.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("the task's automaton has 2") && r.stdout.contains("time: collect"), "\(r.stdout)")
        let result = try RunFolder.decoder().decode(AutomatonExtractionResult.self, from: Data(contentsOf: json))
        #expect(result.extracted.stateCount >= 1)
        #expect(result.reference.stateCount == 2)
        #expect(result.lengths.map(\.length) == Array(1...12))
        #expect(result.lengths.allSatisfy { $0.samples == 4 })
        #expect(!result.candidates.isEmpty && result.candidates.allSatisfy { (1...4).contains($0.clusters) })
        #expect(result.candidates.contains { $0.clusters == result.clusters })
        #expect(result.samples == 200 && result.heldOut == 50 && result.trainLength == 6)
        #expect(result.isomorphic == (result.disagreement == nil))
        let doc = try Self.page(run.appendingPathComponent("extraction.html"))
        #expect(try doc.nodes(forXPath: "//*[local-name()='svg'][@class='automaton']").count == 2)
        let verdict = try doc.nodes(forXPath: "//p[@id='verdict']").first?.stringValue ?? ""
        #expect(verdict.contains(result.isomorphic ? "isomorphic to the task's automaton" : "not the task's automaton"))
    }

    /// Every user error of both commands: exit code 2, one line, and nothing written or changed, the
    /// runs' lock files included.
    @Test func userErrorsChangeNothing() throws {
        let tmp = try TemporaryDirectory("inspect-cli-errors")
        defer { tmp.remove() }
        let dir = tmp.url.appendingPathComponent("runs")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let parity = try Self.train("parity_check", "rnn", in: dir)
        let stack = try Self.train("reverse_string", "stack_rnn", in: dir, ["stack_size=16"])
        let reverse = try Self.train("reverse_string", "rnn", in: dir)
        let addition = try Self.train("binary_addition", "rnn", in: dir)
        #expect(DiskSnapshot(parity).entries[RunFolder.lockName] != nil, "the lock file is part of what must stay")
        let out = ["--out", dir.appendingPathComponent("page.html").path]
        let json = ["--json", dir.appendingPathComponent("page.json").path]
        func inspect(_ run: URL, _ arguments: String...) -> [String] { ["inspect", run.path] + arguments + out + json }
        func extract(_ run: URL, _ arguments: String...) -> [String] { ["extract", run.path] + arguments + out + json }

        let refusals: [([String], String)] = [
            (inspect(parity, "--input", "0110", "--sample", "3"), "not both or neither"),
            (inspect(parity), "not both or neither"),
            (inspect(parity, "--sample", "0"), "--sample must be in 1...64, got 0"),
            (inspect(parity, "--sample", "65"), "--sample must be in 1...64, got 65"),
            (inspect(parity, "--input", "0110", "--length", "4"), "--length goes with --sample"),
            (inspect(parity, "--sample", "2", "--length", "9"), "(1...8 for this run)"),
            (inspect(parity, "--sample", "2", "--length", "0"), "--length 0"),
            (inspect(parity, "--sample", "2", "--length", "-3"), "--length -3"),
            (inspect(parity, "--input", "0120"), "'2' is not a symbol of parity_check"),
            (inspect(parity, "--input", "0 1 1 0 1 1 0 1 1"), "--input has 9 symbols; at most 8"),
            (inspect(parity, "--input", " "), "--input is empty"),
            (inspect(addition, "--input", "0 1 + 1"), "takes inputs of a set shape"),
            (inspect(dir.appendingPathComponent("none"), "--input", "01"), "does not exist"),
            (extract(stack), "'stack_rnn' keeps more than one state vector"),
            (extract(reverse), "'reverse_string' has none"),
            (extract(addition), "'binary_addition' has none"),
            (extract(parity, "--agreement", "0"), "--agreement must be in (0, 1]"),
            (extract(parity, "--agreement", "1.5"), "--agreement must be in (0, 1]"),
            (extract(parity, "--features", "weights"), "--features must be behaviour or state"),
            (extract(parity, "--probe-depth", "5"), "--probe-depth must be in 0...4"),
            (extract(parity, "--max-clusters", "0"), "--max-clusters must be in 1...256, got 0"),
            (extract(parity, "--samples", "0"), "--samples must be in"),
            (extract(parity, "--max-length", "0"), "--max-length must be in 1...100000, got 0"),
            (extract(dir.appendingPathComponent("none")), "does not exist"),
        ]
        for (arguments, fragment) in refusals { try Self.expectRefused(arguments, fragment, leaving: dir) }
    }

    /// A page that cannot be written must not leave the JSON of the same command behind: the command
    /// exits 2, and a user reading "error" expects nothing new on disk. Today the JSON is written first
    /// and stays when the page's write then fails.
    @Test func aPageThatCannotBeWrittenLeavesNoJSON() throws {
        let tmp = try TemporaryDirectory("inspect-cli-out")
        defer { tmp.remove() }
        let dir = tmp.url.appendingPathComponent("runs")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let run = try Self.train("parity_check", "rnn", in: dir)
        let nowhere = dir.appendingPathComponent("missing/page.html").path
        let json = dir.appendingPathComponent("written.json")
        for command in [
            ["inspect", run.path, "--input", "01"],
            ["extract", run.path, "--samples", "20", "--held-out", "5", "--max-length", "4"],
        ] {
            let before = DiskSnapshot(dir)
            let r = try ReckonBinary.run(command + ["--out", nowhere, "--json", json.path])
            #expect(r.status == 2 && r.stderr.contains("cannot write \(nowhere)"), "\(r.stderr)")
            #expect(DiskSnapshot(dir) == before, "\(command[0]) left \(DiskSnapshot(dir).changes(since: before))")
            try? FileManager.default.removeItem(at: json)
        }
    }
}
