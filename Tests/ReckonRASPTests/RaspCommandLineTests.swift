import Foundation
import Testing

/// `reckon rasp …` as a user runs it: outputs on one line, files written, exit codes (0 agree,
/// 1 counterexample, 2 user error with one line on stderr).
@Suite struct RaspCommandLineTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `reckon` binary: $RECKON_BIN, else the one `swift test` built beside this bundle.
    static let binary: URL? = {
        if let path = ProcessInfo.processInfo.environment["RECKON_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("reckon")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    func reckon(_ arguments: [String]) throws -> Result {
        let binary = try #require(Self.binary, "the reckon binary was not found (set RECKON_BIN)")
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rasp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func listRunCompileRunCompiledShow() throws {
        let list = try reckon(["rasp", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("lib:reverse") && list.stdout.contains("lib:induction"))
        #expect(try reckon(["rasp", "list", "reverse"]).stdout.contains("opp_idx = length - indices"))

        let run = try reckon(["rasp", "run", "lib:reverse", "--input", "a b c d"])
        #expect(run.status == 0)
        #expect(run.stdout == "d c b a\n")
        #expect(try reckon(["rasp", "run", "lib:frac_prevs", "--input", "x a", "--compiled"]).stdout == "1 0.5\n")

        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("swap.rasp")
        let source = """
            # neighbours swapped in pairs
            partner = map(i -> i + 1 - 2 * (i % 2), indices)
            swap = aggregate(select(indices, partner, EQ), tokens)

            """
        try source.write(to: file, atomically: true, encoding: .utf8)
        #expect(try reckon(["rasp", "run", file.path, "--input", "1 2 3 4 5"]).stdout == "2 1 4 3 None\n")
        let model = dir.appendingPathComponent("swap")
        let compile = try reckon([
            "rasp", "compile", file.path, "--vocab", "1,2,3,4,5", "--max-length", "8",
            "--out", model.path,
        ])
        #expect(compile.status == 0, "\(compile.stderr)")
        #expect(FileManager.default.fileExists(atPath: model.appendingPathComponent("model.safetensors").path))
        #expect(try reckon(["rasp", "run", model.path, "--input", "1 2 3 4 5"]).stdout == "2 1 4 3 None\n")

        let svg = dir.appendingPathComponent("swap.svg")
        let show = try reckon(["rasp", "show", model.path, "--svg", svg.path])
        #expect(show.status == 0)
        #expect(show.stdout.contains("swap: 2 layers"))
        #expect(show.stdout.contains("residual stream"))
        #expect(show.stdout.contains("partner"))
        let picture = try String(contentsOf: svg, encoding: .utf8)
        #expect(picture.hasPrefix("<svg") && picture.contains("swap = aggregate"))
    }

    @Test func verifyExitsZeroWhenTheyAgreeAndOneWithACounterexample() throws {
        let pass = try reckon(["rasp", "verify", "lib:histogram", "--max-length", "6", "--exhaustive-limit", "400"])
        #expect(pass.status == 0)
        #expect(pass.stdout.contains("exhaustive: every input of length 1-5 (363 inputs)"))
        #expect(pass.stdout.contains("PASSED"))
        let fail = try reckon(["rasp", "verify", "lib:reverse", "--max-length", "6", "--assume", "length=0,1,2,3"])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("FAILED on input: a a a a"))
        #expect(fail.stdout.contains("first disagreeing s-op: length at position 0: program 4, model 3"))
    }

    @Test func userErrorsAreOneLineWithExitCodeTwo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.rasp")
        try "a = tokens\nb = aggregate(select(indices, a, EQ), tokns)\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["rasp", "run", bad.path, "--input", "a"], "bad.rasp:2:39: 'tokns' is not defined"),
            (["rasp", "run", "lib:nope", "--input", "a"], "no library program 'nope'"),
            (["rasp", "run", "lib:reverse", "--input", "a z", "--compiled"], "token 'z' is not in the vocabulary"),
            (["rasp", "run", "lib:reverse", "--input", "a b c", "--compiled", "--max-length", "2"], "at most 2"),
            (
                ["rasp", "compile", dir.appendingPathComponent("missing.rasp").path, "--out", dir.path],
                "no file or directory"
            ),
            (["rasp", "verify", bad.path], "'tokns' is not defined"),
            (["rasp", "compile", "lib:reverse", "--vocab", "a,a", "--out", dir.path], "lists a token twice"),
            (["rasp", "run", "lib:reverse"], "Missing expected argument '--input"),
        ]
        for (arguments, fragment) in cases {
            let r = try reckon(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(fragment), "\(arguments): \(r.stderr)")
        }
        let file = dir.appendingPathComponent("p.rasp")
        try "o = tokens + 1\n".write(to: file, atomically: true, encoding: .utf8)
        let noVocab = try reckon(["rasp", "compile", file.path, "--out", dir.path])
        #expect(noVocab.status == 2 && noVocab.stderr.contains("--vocab is required"))
    }
}
