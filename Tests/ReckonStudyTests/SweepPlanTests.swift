import Testing
@testable import ReckonStudy

@Suite struct SweepPlanTests {
    @Test func placeholder() {}
}
