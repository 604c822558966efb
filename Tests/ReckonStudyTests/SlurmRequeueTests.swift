import Foundation
import ReckonTestSupport
import Testing

@testable import ReckonStudy

/// The requeue an interrupted Slurm array task asks for, against a stand-in `scontrol` on PATH
/// (the real one is exercised by SlurmClusterTests under `make test-cluster`).
@Suite struct SlurmRequeueTests {
    /// A `scontrol` that records its arguments and exits with `status`.
    static func fakeScontrol(in dir: URL, status: Int) throws -> URL {
        let calls = dir.appendingPathComponent("calls.txt")
        let script = dir.appendingPathComponent("scontrol")
        try Data("#!/bin/sh\necho \"$@\" >> '\(calls.path)'\nexit \(status)\n".utf8).write(to: script)
        #expect(chmod(script.path, 0o755) == 0)
        return calls
    }

    @Test func anArrayTaskRequeuesItselfByItsArrayName() throws {
        #expect(
            SlurmRequeue.jobName(["SLURM_ARRAY_JOB_ID": "12", "SLURM_ARRAY_TASK_ID": "3", "SLURM_JOB_ID": "15"])
                == "12_3")
        #expect(SlurmRequeue.jobName(["SLURM_JOB_ID": "15"]) == "15")
        #expect(SlurmRequeue.jobName([:]) == nil)

        let tmp = try TemporaryDirectory("requeue")
        defer { tmp.remove() }
        let calls = try Self.fakeScontrol(in: tmp.url, status: 0)
        var log: [String] = []
        let env = ["SLURM_ARRAY_JOB_ID": "12", "SLURM_ARRAY_TASK_ID": "3", "PATH": tmp.url.path]
        #expect(SlurmRequeue.requeue(environment: env) { log.append($0) } == .requeued("12_3"))
        #expect(try String(contentsOf: calls, encoding: .utf8) == "requeue 12_3\n")
        // The line is in the log before scontrol is asked: a requeue ends the task at once.
        #expect(log == ["checkpoint written; 12_3 is being requeued"])
    }

    @Test func aRefusedRequeueSaysHowToContinue() throws {
        let tmp = try TemporaryDirectory("requeue-refused")
        defer { tmp.remove() }
        _ = try Self.fakeScontrol(in: tmp.url, status: 1)
        var log: [String] = []
        #expect(
            SlurmRequeue.requeue(environment: ["SLURM_JOB_ID": "7", "PATH": tmp.url.path]) { log.append($0) }
                == .refused("7"))
        #expect(log.last == "checkpoint written; could not requeue 7; resubmit to continue")
        log = []
        // Without scontrol on PATH, the same.
        #expect(
            SlurmRequeue.requeue(environment: ["SLURM_JOB_ID": "7", "PATH": "/nonexistent"]) { log.append($0) }
                == .refused("7"))
        #expect(log.count == 2)
        // Outside Slurm nothing is asked and nothing logged.
        log = []
        #expect(SlurmRequeue.requeue(environment: ["PATH": tmp.url.path]) { log.append($0) } == .notUnderSlurm)
        #expect(log.isEmpty)
    }
}
