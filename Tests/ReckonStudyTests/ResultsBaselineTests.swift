import ReckonLab
import ReckonTasks
import Testing

@testable import ReckonStudy

/// The random baseline a results table shows for a task no finished run recorded is the Lab's.
@Suite struct ResultsBaselineTests {
    @Test func baselinesAreTheLabsForEveryKindOfTask() throws {
        #expect(ResultsTable.baseline("parity_check") == 0.5)
        #expect(ResultsTable.baseline("copy") == 1.0 / 256)
        // sort trains on 1...10 by default: ten steps, each one of ten positions.
        let sort = try #require(ResultsTable.baseline("sort"))
        #expect(abs(sort - 1e-10) < 1e-20)
        #expect(ResultsTable.baseline("no_such_task") == nil)
    }
}
