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
}
