import ReckonLab
import ReckonTasks
import Testing

/// The benchmark runs every task at the requested lengths it can sample (timings are never asserted).
@Suite struct BenchmarkTests {
    @Test func recordsEveryTaskAndLength() {
        let records = TaskBenchmark.run(lengths: [2, 7], batchSize: 4, seconds: 0)
        // arithmetic_function samples only lengths 1 and 2; every other task both lengths.
        let expected = TaskCatalog.all.flatMap { t in
            [2, 7].filter { (try? t.validate(length: $0)) != nil }.map { _ in t.name }
        }
        #expect(expected.count == TaskCatalog.all.count * 2 - 1)
        #expect(records.map(\.task) == expected)
        #expect(records.allSatisfy { $0.msPerBatch >= 0 && $0.batchSize == 4 })
    }
}
