import Foundation
import ReckonLab
import ReckonTestSupport
import Testing

/// Issue 25 #10: `--eval-samples 4611686018427387904` was accepted; training finished, then the
/// evaluation aborted allocating 1.27 GB, and `reckon eval` aborted again. The setting's declared
/// bound (10^6 per length) refuses it from the flag, `--set` and an edited config.json alike.
@Suite struct EvaluationSampleBoundTests {
    @Test func evalSamplesOfFourQuintillionAreRefusedBeforeAnythingIsWritten() throws {
        let dir = LabTestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("run")
        let tiny = [
            "train", "--task", "parity_check", "--model", "lstm", "--steps", "5", "--batch-size", "4", "--set",
            "hidden_size=4", "--train-length", "4", "--eval-max-length", "6", "--quiet", "--out", out.path,
        ]
        for given in [["--eval-samples", "4611686018427387904"], ["--set", "eval_samples=1000001"]] {
            let r = try ReckonBinary.run(tiny + given)
            #expect(
                r.status == 2
                    && r.stderr == "error: eval_samples must be an integer in 1...1000000, got "
                        + "'\(given[1].split(separator: "=").last!)'\n",
                "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        #expect(try ReckonBinary.run(tiny + ["--eval-samples", "4"]).status == 0)
        let config = out.appendingPathComponent("config.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
        json["evalSamples"] = 4_611_686_018_427_387_904
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        let before = DiskSnapshot(out)
        let r = try ReckonBinary.run(["eval", out.path])
        #expect(r.status == 2 && r.stderr.contains("eval_samples must be an integer in 1...1000000"), "\(r.stderr)")
        #expect(DiskSnapshot(out) == before)
    }
}
