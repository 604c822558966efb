import Foundation
import ReckonTestSupport
import Testing

/// `reckon sample word_problem` with word-problem's CSV files: written with `--csv`, read back
/// with `--from`, and refused with one line and exit code 2 when a file or a flag is wrong.
@Suite struct WordProblemCommandLineTests {
    /// `reckon sample --csv` writes word-problem's format and `--from` reads it back: the same
    /// examples as `--json` prints for that seed. Bad files and bad combinations are one line, exit 2.
    @Test func csvThroughTheCommandLine() throws {
        let dir = LabTestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let sample = [
            "sample", "word_problem", "--task-set", "group=S3", "--length", "7", "--count", "40", "--seed", "3",
        ]
        let written = try ReckonBinary.run(sample + ["--csv"])
        try #require(written.status == 0, "\(written.stderr)")
        let lines = written.stdout.split(separator: "\n")
        #expect(lines.count == 41 && lines[0] == "seed,input,target" && lines[1].hasPrefix("3,"))
        let path = dir.appendingPathComponent("S3=7.csv")
        try written.stdout.write(to: path, atomically: true, encoding: .utf8)

        let read = try ReckonBinary.run(["sample", "word_problem", "--from", path.path, "--json", "--count", "40"])
        try #require(read.status == 0, "\(read.stderr)")
        let sampled = try ReckonBinary.run(sample + ["--json"])
        func examples(_ stdout: String) throws -> [[Int]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
            let list = try #require(object["examples"] as? [[String: Any]])
            return try list.map { try #require($0["input"] as? [Int]) + [-1] + #require($0["target"] as? [Int]) }
        }
        #expect(try examples(read.stdout) == examples(sampled.stdout))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        #expect(object["group"] as? String == "S3" && object["rows"] as? Int == 40 && object["length"] as? Int == 7)
        // Written back unchanged.
        let again = try ReckonBinary.run(["sample", "word_problem", "--from", path.path, "--csv"])
        #expect(again.status == 0 && again.stdout == written.stdout)

        func refused(_ arguments: [String], _ fragment: String) throws {
            let r = try ReckonBinary.run(arguments)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(fragment), "\(r.stderr)")
        }
        var rows = lines.map(String.init)
        rows[2] = rows[2].split(separator: ",").prefix(2).joined(separator: ",") + ",0 0 0 0 0 0 0"
        let wrong = dir.appendingPathComponent("S3=7-wrong.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: wrong, atomically: true, encoding: .utf8)
        try refused(
            ["sample", "word_problem", "--task-set", "group=S3", "--from", wrong.path],
            "line 3: target position")
        try refused(["sample", "word_problem", "--task-set", "group=A5", "--from", path.path], "named for group S3")
        let renamed = dir.appendingPathComponent("S3=8.csv")
        try written.stdout.write(to: renamed, atomically: true, encoding: .utf8)
        try refused(["sample", "word_problem", "--from", renamed.path], "named for length 8")
        try refused(
            ["sample", "word_problem", "--from", dir.appendingPathComponent("none.csv").path], "does not exist")
        try refused(["sample", "parity_check", "--length", "3", "--csv"], "for task word_problem only")
        try refused(["sample", "word_problem", "--from", path.path, "--length", "3"], "drop --length")
        try refused(["sample", "word_problem", "--task-set", "group=S9", "--length", "3"], "group must be")
    }
}
