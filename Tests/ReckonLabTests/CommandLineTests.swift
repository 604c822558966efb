import Foundation
import ReckonTestSupport
import Testing

/// The `reckon` binary itself: user mistakes exit with code 2 and one line on stderr, and
/// leave whatever is on disk as it was. (The library-level cases are in BadInputTests.)
@Suite struct CommandLineTests {
    typealias Result = ReckonBinary.Result

    /// The `reckon` to test (ReckonTestSupport: $RECKON_BIN, else the one built beside the tests).
    static var binary: URL? { ReckonBinary.url }

    func reckon(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        try ReckonBinary.run(arguments, environment: environment, in: directory)
    }

    /// Exit code 2, exactly one line on stderr, containing every fragment.
    func expectUserError(
        _ arguments: [String], _ fragments: [String], in directory: URL? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let r = try reckon(arguments, in: directory)
        #expect(
            r.status == 2, "exit status of reckon \(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        for f in fragments {
            #expect(r.stderr.contains(f), "stderr '\(r.stderr)' lacks '\(f)'", sourceLocation: sourceLocation)
        }
    }

    static let tiny = ["--steps", "2", "--batch-size", "4", "--set", "hidden_size=4", "--eval-samples", "2", "--quiet"]

    @Test func unknownNamesAndBadValuesExitWithCodeTwo() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try expectUserError(
            ["train", "--task", "parity", "--model", "lstm"], ["unknown task 'parity'", "parity_check"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstn"], ["unknown model 'lstn'", "lstm"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--curriculum", "linear"],
            ["curriculum must be one of", "reverse_exponential", "got 'linear'"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--set", "hiden=3"],
            ["has no setting 'hiden'", "hidden_size"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--set", "hidden_size=big"],
            ["hidden_size must be an integer >= 1, got 'big'"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--train-length", "500"],
            ["train_length (500) must be below eval_max_length (500)"], in: dir)
        try expectUserError(
            ["train", "--task", "copy", "--model", "lstm", "--train-length", "120"],
            ["train_length (120) must be below eval_max_length (120)"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--steps", "0"],
            ["steps must be an integer in 1...1000000000, got '0'"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--batch-size=-3"],
            ["batch_size must be an integer >= 1, got '-3'"], in: dir)
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--steps", "many"],
            ["steps must be an integer in 1...1000000000, got 'many'"], in: dir)
        try expectUserError(["train", "--task", "parity_check", "--modle", "lstm"], ["--modle"], in: dir)
        // Settings that are each valid but cannot go together are user errors, not crashes.
        try expectUserError(
            ["train", "--task", "copy", "--model", "ttm", "--set", "heads=3"],
            ["model 'ttm'", "heads (3) must divide embedding_size (32)"], in: dir)
        try expectUserError(
            ["train", "--task", "copy", "--model", "ntm", "--set", "shift_width=4"],
            ["model 'ntm'", "shift_width must be odd"], in: dir)
        try expectUserError(
            [
                "train", "--task", "parity_check", "--model", "transformer_encoder", "--set", "embedding_dim=63",
                "--set", "num_heads=1",
            ],
            ["sin_cos encodings need an even embedding_dim"], in: dir)
        try expectUserError(["eval", dir.path], ["is not a Reckon run"], in: dir)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty,
            "rejected runs leave no folder behind")
    }

    @Test func aRunIsNeverOverwrittenAndResumeChecksItsFlags() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let notARun = dir.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notARun, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: notARun.appendingPathComponent("a.txt"))
        try expectUserError(
            ["train", "--task", "parity_check", "--model", "lstm", "--out", notARun.path] + Self.tiny,
            ["is not a Reckon run"])
        #expect(try String(contentsOf: notARun.appendingPathComponent("a.txt"), encoding: .utf8) == "precious")

        let run = dir.appendingPathComponent("run")
        let args =
            [
                "train", "--task", "parity_check", "--model", "lstm", "--train-length", "3", "--eval-max-length", "5",
                "--out", run.path,
            ] + Self.tiny
        let ok = try reckon(args)
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout.contains("score"))
        let checkpoint = try Data(contentsOf: run.appendingPathComponent("checkpoint.safetensors"))
        try expectUserError(args, ["already holds a Reckon run"])
        try expectUserError(
            ["train", "--resume", run.path, "--learning-rate", "0.5"], ["cannot resume", "learningRate"])
        #expect(try Data(contentsOf: run.appendingPathComponent("checkpoint.safetensors")) == checkpoint)

        // A truncated checkpoint is refused and left as it was.
        try checkpoint.prefix(checkpoint.count / 3).write(to: run.appendingPathComponent("checkpoint.safetensors"))
        try expectUserError(["eval", run.path], ["checkpoint rejected"])
        #expect(
            try Data(contentsOf: run.appendingPathComponent("checkpoint.safetensors")).count == checkpoint.count / 3)
    }

    @Test func newRunsUseTheTasksLiteratureLengths() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let run = dir.appendingPathComponent("copy")
        let r = try reckon([
            "train", "--task", "copy", "--model", "lstm", "--steps", "1", "--batch-size", "2", "--set", "hidden_size=2",
            "--eval-samples", "1", "--quiet", "--out", run.path,
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let config =
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json")))
            as? [String: Any]
        #expect(config?["evalMaxLength"] as? Int == 120)
        let curriculum = config?["curriculum"] as? [String: Any]
        #expect(curriculum?["maxLength"] as? Int == 20)
        let csv = try String(contentsOf: run.appendingPathComponent("eval.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 121, "a header and lengths 1...120")
    }
}
