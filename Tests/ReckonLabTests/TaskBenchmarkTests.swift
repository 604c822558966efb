import ReckonLab
import ReckonTasks
import Testing

/// The benchmark runs every task at the requested lengths (timings are never asserted).
@Suite struct BenchmarkTests {
    @Test func recordsEveryTaskAndLength() {
        let records = TaskBenchmark.run(lengths: [3, 7], batchSize: 4, seconds: 0)
        #expect(records.count == TaskCatalog.all.count * 2)
        #expect(records.map(\.task) == TaskCatalog.names.flatMap { [$0, $0] })
        #expect(records.allSatisfy { $0.msPerBatch >= 0 && $0.batchSize == 4 })
    }

    /// `reckon bench machines` once asked for Int.max / 2 steps, which validation refuses; a pointer
    /// network is timed on sort when the benchmark's task is a token task.
    @Test func machineBenchmarkRunsAndTimesPointerNetOnSort() throws {
        let records = try MachineBenchmark.run(seconds: 0, batch: 2, length: 4, machines: ["lstm", "pointer_net"],
                                               blasGflops: 100)
        let tasks = records.map { r in r.fields.first { $0.0 == "task" }?.1 as? String }
        #expect(tasks == ["reverse_string", "sort"])
    }
}
