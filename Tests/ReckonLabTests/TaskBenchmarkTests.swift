import ReckonLab
import ReckonTasks
import Testing

/// The benchmark runs every task at the requested lengths it can sample (timings are never asserted).
@Suite struct BenchmarkTests {
    @Test func recordsEveryTaskAndLength() {
        let records = TaskBenchmark.run(lengths: [2, 7], batchSize: 4, seconds: 0)
        // arithmetic_function samples only lengths 1 and 2, a hull and a tour need 3 points; every
        // other task both lengths.
        let expected = TaskCatalog.all.flatMap { t in
            [2, 7].filter { (try? t.validate(length: $0)) != nil }.map { _ in t.name }
        }
        #expect(expected.count == TaskCatalog.all.count * 2 - 3)
        #expect(records.map(\.task) == expected)
        #expect(records.allSatisfy { $0.msPerBatch >= 0 && $0.batchSize == 4 })
    }

    /// `reckon bench machines` once asked for Int.max / 2 steps, which validation refuses; a pointer
    /// network is timed on sort when the benchmark's task is a token task, an arithmetic unit on
    /// arithmetic_function.
    @Test func machineBenchmarkRunsAndTimesPointerNetOnSort() throws {
        let records = try MachineBenchmark.run(
            seconds: 0, batch: 2, length: 4,
            machines: ["lstm", "pointer_net", "nau"], blasGflops: 100)
        let tasks = records.map { r in r.fields.first { $0.0 == "task" }?.1 as? String }
        #expect(tasks == ["reverse_string", "sort", "arithmetic_function"])
    }
}
