import Foundation
import ReckonLab
import ReckonNN
import ReckonTensor
import ReckonTestSupport
import Testing

/// Issue 25's failures in run folders, through the `reckon` binary: each test reproduces the issue's
/// command and checks the rule it broke (a refused command exits 2 with one line and changes nothing
/// on disk; nothing is followed through a symbolic link; loaded files are checked).
@Suite struct FileSystemReliabilityTests {
    let cli = CommandLineTests()

    /// The "tiny": `--steps 20 --batch-size 8 --set hidden_size=16 --train-length 6
    /// --eval-max-length 12 --eval-samples 4`.
    static let tiny = [
        "--steps", "20", "--batch-size", "8", "--set", "hidden_size=16", "--train-length", "6",
        "--eval-max-length", "12", "--eval-samples", "4", "--quiet",
    ]

    /// A finished tiny run in `dir/name`.
    func trainedRun(in dir: URL, _ name: String = "L") throws -> URL {
        let run = dir.appendingPathComponent(name)
        let r = try cli.reckon(["train", "--task", "parity_check", "--model", "lstm", "--out", run.path] + Self.tiny)
        #expect(r.status == 0, "\(r.stderr)")
        return run
    }

    /// Exit code 2, one line with every fragment and no Foundation error text, and `dir` unchanged.
    func expectRefusal(
        _ arguments: [String], _ fragments: [String], leaving dir: URL,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = DiskSnapshot(dir)
        try cli.expectUserError(arguments, fragments, sourceLocation: sourceLocation)
        let after = DiskSnapshot(dir)
        #expect(after == before, "changed: \(after.changes(since: before))", sourceLocation: sourceLocation)
    }

    @Test("#4 The lock file is followed through a symlink (eval, train --resume)")
    func lockFileIsNotFollowedThroughASymlink() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let run = try trainedRun(in: dir)
        let victim = dir.appendingPathComponent("victim.txt")
        try Data("secret\n".utf8).write(to: victim)
        let lock = run.appendingPathComponent(RunFolder.lockName)
        try FileManager.default.removeItem(at: lock)
        try FileManager.default.createSymbolicLink(atPath: lock.path, withDestinationPath: "../victim.txt")
        for command in [["eval", run.path], ["train", "--resume", run.path]] {
            try expectRefusal(command, ["symbolic link", RunFolder.lockName], leaving: dir)
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "secret\n")
    }

    @Test("#9 A refused eval creates .reckon.lock")
    func refusedCommandsLeaveNoLockFile() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let run = try trainedRun(in: dir)
        // A run folder without its lock file (copied, or the file removed).
        try FileManager.default.removeItem(at: run.appendingPathComponent(RunFolder.lockName))
        try expectRefusal(["eval", run.path, "--max-length", "3"], ["--max-length (3)"], leaving: dir)
        try expectRefusal(
            ["train", "--resume", run.path, "--steps", "30"], ["cannot resume", "steps"], leaving: dir)
        // With its lock file, a refusal leaves the file as it was too.
        try Data("4242\n".utf8).write(to: run.appendingPathComponent(RunFolder.lockName))
        try expectRefusal(["eval", run.path, "--max-length", "3"], ["--max-length (3)"], leaving: dir)
    }

    @Test("#9 train --out with 25 path components of 200 characters leaves 20 nested folders")
    func refusedTrainLeavesNoFolders() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let long = (0..<25).map { _ in String(repeating: "d", count: 200) }.joined(separator: "/")
        let out = dir.appendingPathComponent(long).path
        try expectRefusal(
            ["train", "--task", "parity_check", "--model", "lstm", "--out", out] + Self.tiny,
            ["cannot write", "File name too long"], leaving: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("#11 A checkpoint whose parameters are all NaN is evaluated and overwrites eval.csv and summary.json")
    func nonFiniteParametersAreRefusedOnLoad() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let run = try trainedRun(in: dir)
        let url = run.appendingPathComponent(RunFolder.checkpointName)
        let file = try Safetensors.read(from: url)
        var tensors = file.tensors
        for (name, tensor) in tensors where name.hasPrefix("params.") {
            tensors[name] = Tensor([Float](repeating: .nan, count: tensor.count), shape: tensor.shape)
        }
        try Safetensors.write(tensors, metadata: file.metadata, to: url)
        for command in [["eval", run.path], ["train", "--resume", run.path]] {
            try expectRefusal(command, ["checkpoint rejected", "holds nan", "damaged"], leaving: dir)
        }
        // One infinite Adam moment is refused as well.
        var moments = file.tensors
        let name = try #require(moments.keys.sorted().first { $0.hasPrefix("optimizer.adam.v.") })
        var values = try #require(moments[name]).scalars
        values[0] = .infinity
        moments[name] = Tensor(values, shape: moments[name]!.shape)
        try Safetensors.write(moments, metadata: file.metadata, to: url)
        try expectRefusal(["eval", run.path], ["holds inf", name], leaving: dir)
    }

    @Test("A symlink loop or a file as --out gives a one-line reason, not 'File exists'")
    func outputPathProblemsAreNamed() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let loop = dir.appendingPathComponent("loop")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop")
        let train = ["train", "--task", "parity_check", "--model", "lstm"] + Self.tiny
        try expectRefusal(train + ["--out", loop.path], ["Too many levels of symbolic links"], leaving: dir)
        try expectRefusal(
            train + ["--out", loop.appendingPathComponent("run").path], ["symbolic links"], leaving: dir)
    }
}
