import Foundation
import ReckonTestSupport
import Testing

/// Issue 25's RASP failures, each reproduced with the command the tester ran: before the fix they
/// crashed (exit 139 or an abort), ran for minutes, or changed the disk while refusing; now each is
/// one line on stderr, exit code 2, and the disk as it was.
@Suite struct RaspReliabilityTests {
    /// A user error: exit code 2, exactly one line on stderr containing `fragment`, not a signal.
    func expectRefusal(_ r: ReckonBinary.Result, _ fragment: String, _ what: String) {
        #expect(!r.signaled, "\(what): killed by signal \(r.status)")
        #expect(r.status == 2, "\(what): exit \(r.status), stderr \(r.stderr.prefix(300))")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(what): \(r.stderr.prefix(300))")
        #expect(r.stderr.contains(fragment), "\(what): \(r.stderr.prefix(300))")
    }

    /// Every file under `url` with its bytes, to show a refused command changed nothing.
    func snapshot(_ url: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: url.path) else { return out }
        for case let path as String in walker {
            out[path] = fm.contents(atPath: url.appendingPathComponent(path).path) ?? Data("<folder>".utf8)
        }
        return out
    }

    func write(_ text: String, _ name: String, in dir: TemporaryDirectory) throws -> String {
        let url = dir.url.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // MARK: 1. Deep nesting

    /// The tester's four programs, each once past the crash depth measured on the old code
    /// (3 617 parentheses or maps, 14 000 `not`s or `+ 0`s on an 8 MiB stack).
    static let deepPrograms: [(name: String, text: String)] = [
        ("4000 parentheses", "x = " + repeated("(", 4000) + "tokens" + repeated(")", 4000)),
        ("5000 maps", "x = " + repeated("map(v -> v, ", 5000) + "tokens" + repeated(")", 5000)),
        ("100000 nots", "x = " + repeated("not ", 100_000) + "tokens"),
        ("a 10 MB line of + 0", "x = tokens" + repeated(" + 0", 2_500_000)),
    ]

    static func repeated(_ s: String, _ count: Int) -> String { String(repeating: s, count: count) }

    @Test(arguments: 0..<4)
    func deeplyNestedRaspSegfaultedRunCompileAndVerify(_ index: Int) throws {
        let (name, text) = Self.deepPrograms[index]
        let dir = try TemporaryDirectory("rasp-deep")
        defer { dir.remove() }
        let file = try write(text + "\n", "p.rasp", in: dir)
        let out = dir.url.appendingPathComponent("out").path
        let limit = index == 3 ? "at most 1048576" : "nest at most 256 levels"
        expectRefusal(try ReckonBinary.run(["rasp", "run", file, "--input", "a b"]), limit, "\(name): run")
        expectRefusal(
            try ReckonBinary.run(["rasp", "compile", file, "--vocab", "a,b", "--max-length", "4", "--out", out]),
            limit, "\(name): compile")
        expectRefusal(
            try ReckonBinary.run(["rasp", "verify", file, "--vocab", "a,b", "--max-length", "4"]), limit,
            "\(name): verify")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A flat chain under the size bound but past the nesting bound is refused at the 256th
    /// operator; the parser reads the chain in a loop, so 200 000 terms cost no recursion.
    @Test func aLongFlatChainIsRefusedWithoutRecursion() throws {
        let dir = try TemporaryDirectory("rasp-chain")
        defer { dir.remove() }
        let file = try write("x = tokens" + String(repeating: " + 0", count: 200_000) + "\n", "p.rasp", in: dir)
        expectRefusal(try ReckonBinary.run(["rasp", "run", file, "--input", "1 2"]), "1:1032: expressions nest", "run")
    }

    // MARK: 2. Resource limits

    @Test func compileAtMaxLengthOneBillionAbortedAllocating24GB() throws {
        let dir = try TemporaryDirectory("rasp-limits")
        defer { dir.remove() }
        let file = try write("x = tokens == \"a\"\n", "ok.rasp", in: dir)
        let out = dir.url.appendingPathComponent("out").path
        for n in ["1000000000", "9223372036854775807"] {
            expectRefusal(
                try ReckonBinary.run(["rasp", "compile", file, "--vocab", "a,b,c", "--max-length", n, "--out", out]),
                "--max-length must be between 1 and 4096", n)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aVocabularyOf15000TokensAbortedCompileAndRunCompiled() throws {
        // lib:reverse at this vocabulary: 2.7e9 parameters, 21 GB before the fix (71 s on a 23 GB machine).
        let dir = try TemporaryDirectory("rasp-vocab")
        defer { dir.remove() }
        let file = "lib:reverse"
        let vocab = (0..<15_000).map { "t\($0)" }.joined(separator: ",")
        let out = dir.url.appendingPathComponent("out").path
        let fragment = "--vocab has 15000 tokens; a compiled model takes at most 10000"
        expectRefusal(
            try ReckonBinary.run(["rasp", "compile", file, "--vocab", vocab, "--max-length", "8", "--out", out]),
            fragment, "compile")
        expectRefusal(
            try ReckonBinary.run([
                "rasp", "run", file, "--vocab", vocab, "--max-length", "8", "--compiled", "--input", "t1 t2",
            ]), fragment, "run --compiled")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aChainOf3000StatementsTookOver4GBToCompile() throws {
        let dir = try TemporaryDirectory("rasp-chain3000")
        defer { dir.remove() }
        var lines = ["s0 = tokens + 1"]
        for i in 1..<3000 { lines.append("s\(i) = s\(i - 1) + 1") }
        let file = try write(lines.joined(separator: "\n") + "\n", "chain.rasp", in: dir)
        let out = dir.url.appendingPathComponent("out").path
        expectRefusal(
            try ReckonBinary.run(["rasp", "compile", file, "--vocab", "1,2,3", "--max-length", "8", "--out", out]),
            "chain.rasp:1000:1: a program defines at most 1000 s-ops and selectors", "compile")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func runningOn60000TokensTookOver60SecondsAnd3GB() throws {
        let input = [String](repeating: "a", count: 60_000).joined(separator: " ")
        expectRefusal(
            try ReckonBinary.run(["rasp", "run", "lib:reverse", "--input", input]),
            "the input has 60000 tokens; the interpreter runs this program on at most 4096", "run")
    }

    /// The size bound counts before building: a model past 2 GiB is refused by what it would need.
    @Test func aModelTooLargeToBuildIsRefusedByItsEstimate() throws {
        let r = try ReckonBinary.run([
            "rasp", "compile", "lib:reverse", "--max-length", "1000", "--out",
            FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID().uuidString)").path,
        ])
        expectRefusal(r, "the limit is 2.0 GiB: lower --max-length (1000)", "reverse at 1000")
    }

    // MARK: 3, 4. The disk

    @Test func compilingAMapThatProducesInfLeftAnEmptyOutputFolder() throws {
        let dir = try TemporaryDirectory("rasp-inf")
        defer { dir.remove() }
        for (name, text) in [
            ("categorical", "x = map(v -> 1e308 * 10, tokens)\n"),
            ("numerical", "x = numerical(map(v -> 1e308 * 10, tokens))\n"),
        ] {
            let file = try write(text, "\(name).rasp", in: dir)
            let out = dir.url.appendingPathComponent("out-\(name)").path
            expectRefusal(
                try ReckonBinary.run(["rasp", "compile", file, "--vocab", "a,b", "--max-length", "4", "--out", out]),
                "takes the value inf, which a compiled model's float32 weights cannot hold", name)
            #expect(!FileManager.default.fileExists(atPath: out), "\(name)")
        }
    }

    @Test func compileOutWroteIntoANonEmptyUnrelatedFolder() throws {
        let dir = try TemporaryDirectory("rasp-out")
        defer { dir.remove() }
        let folder = dir.url.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("holiday".utf8).write(to: folder.appendingPathComponent("beach.jpg"))
        let before = snapshot(dir.url)
        expectRefusal(
            try ReckonBinary.run(["rasp", "compile", "lib:reverse", "--max-length", "8", "--out", folder.path]),
            "holds other files; it must be a new or empty folder", "unrelated folder")
        let file = folder.appendingPathComponent("beach.jpg")
        expectRefusal(
            try ReckonBinary.run(["rasp", "compile", "lib:reverse", "--max-length", "8", "--out", file.path]),
            "is a file, not a folder", "a file")
        #expect(snapshot(dir.url) == before)
    }

    @Test func compileOutWroteIntoATrainingRunsFolder() throws {
        let dir = try TemporaryDirectory("rasp-out-run")
        defer { dir.remove() }
        let run = dir.url.appendingPathComponent("run")
        let train = try ReckonBinary.run([
            "train", "--task", "parity_check", "--model", "lstm", "--steps", "20", "--batch-size", "8",
            "--set", "hidden_size=16", "--train-length", "6", "--eval-max-length", "12", "--eval-samples", "4",
            "--quiet", "--out", run.path,
        ])
        try #require(train.status == 0, "\(train.stderr)")
        let before = snapshot(dir.url)
        expectRefusal(
            try ReckonBinary.run(["rasp", "compile", "lib:reverse", "--max-length", "8", "--out", run.path]),
            "holds other files", "training run")
        #expect(snapshot(dir.url) == before)
    }

    /// What --out accepts: a new folder (with its parents), an empty one, and an earlier compile's
    /// folder, whose model and program are replaced and whose results of the old model go.
    @Test func compileOutTakesANewAnEmptyOrAnEarlierCompiledFolder() throws {
        let dir = try TemporaryDirectory("rasp-out-ok")
        defer { dir.remove() }
        let fm = FileManager.default
        let fresh = dir.url.appendingPathComponent("a/b/model")
        let first = try ReckonBinary.run(["rasp", "compile", "lib:reverse", "--max-length", "8", "--out", fresh.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: dir.url.path) == ["a"])
        #expect(Set(try fm.contentsOfDirectory(atPath: fresh.path)) == ["model.safetensors", "program.rasp"])

        try Data("length,accuracy,samples\n".utf8).write(to: fresh.appendingPathComponent("eval-reverse_string.csv"))
        let again = try ReckonBinary.run(["rasp", "compile", "lib:sort", "--max-length", "6", "--out", fresh.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Set(try fm.contentsOfDirectory(atPath: fresh.path)) == ["model.safetensors", "program.rasp"])
        let program = try String(contentsOf: fresh.appendingPathComponent("program.rasp"), encoding: .utf8)
        #expect(program.contains("sort"))
        #expect(try ReckonBinary.run(["rasp", "run", fresh.path, "--input", "3 1 2"]).stdout == "1 2 3\n")

        let empty = dir.url.appendingPathComponent("empty")
        try fm.createDirectory(at: empty, withIntermediateDirectories: false)
        #expect(try ReckonBinary.run(["rasp", "compile", "lib:length", "--out", empty.path]).status == 0)
    }

    // MARK: 5, 6. --assume and verify's report

    @Test func anUnknownAssumeLabelWasSilentlyIgnored() throws {
        let r = try ReckonBinary.run(["rasp", "verify", "lib:reverse", "--max-length", "6", "--assume", "nolabel=1,2"])
        expectRefusal(
            r,
            "cannot assume the values of 'nolabel': the program has no s-op of that name (its s-ops are "
                + "indices, tokens, length, opp_idx, opp_idx_1, reverse)", "--assume")
    }

    @Test func verifyClaimedEveryInputToLength6WhenItStoppedAtThe40th() throws {
        let r = try ReckonBinary.run([
            "rasp", "verify", "lib:reverse", "--max-length", "6", "--assume", "length=0,1,2,3",
        ])
        #expect(r.status == 1)
        #expect(!r.stdout.contains("every input of length 1-6"), "\(r.stdout)")
        #expect(
            r.stdout.contains(
                "exhaustive: every input of length 1-3 (39 inputs), then 1 of the 81 inputs of length 4, "
                    + "stopping at the counterexample"), "\(r.stdout)")
        #expect(r.stdout.contains("FAILED on input: a a a a"))
    }
}
