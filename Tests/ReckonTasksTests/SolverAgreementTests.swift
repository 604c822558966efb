import ReckonSupport
import ReckonTasks
import Testing

/// Every sampled example must agree with the task's independent solver, at every tested length.
@Suite struct SolverAgreementTests {
    @Test(arguments: TaskCatalog.chomsky.map(\.name))
    func sampledTargetsEqualSolverOutput(_ name: String) {
        let t = task(name)
        var rng = RandomGenerator(seed: 7)
        for length in testedLengths {
            let batch = t.sample(batchSize: 8, length: length, rng: &rng)
            #expect(batch.batchSize == 8)
            #expect(batch.inputLength == t.inputLength(forLength: length))
            #expect(batch.outputLength == t.outputLength(forInputLength: batch.inputLength))
            #expect(batch.input.count == 8 * batch.inputLength)
            #expect(batch.target.count == 8 * batch.outputLength)
            #expect(batch.mask.count == 8 * batch.outputLength)
            #expect(batch.input.allSatisfy { $0 >= 0 && $0 < t.inputSize })
            #expect(batch.target.allSatisfy { $0 >= 0 && $0 < t.outputSize })
            for b in 0..<batch.batchSize {
                let input = batch.inputRow(b)
                let target = batch.targetRow(b)
                let solved = t.solve(input)
                let shown =
                    "\(t.decodeInput(input).joined(separator: " ")) -> "
                    + "\(t.decodeOutput(target).joined(separator: " ")), solver says "
                    + "\(t.decodeOutput(solved).joined(separator: " "))"
                #expect(solved == target, "\(name) L=\(length): \(shown)")
                #expect(batch.maskRow(b) == expectedMask(name: name, target: target))
            }
        }
    }

    /// The reference's `accuracy_mask`: ones through the (only) termination token for the
    /// three terminated tasks, all ones otherwise.
    func expectedMask(name: String, target: [Int]) -> [Float] {
        guard terminatedTasks.contains(name) else { return [Float](repeating: 1, count: target.count) }
        let end = target.firstIndex(of: 2)!
        #expect(target.filter { $0 == 2 }.count == 1)
        return target.indices.map { $0 <= end ? 1 : 0 }
    }

    @Test func batchOfZeroExamplesIsEmpty() {
        var rng = RandomGenerator(seed: 1)
        for t in TaskCatalog.chomsky {
            let batch = t.sample(batchSize: 0, length: 9, rng: &rng)
            #expect(batch.input.isEmpty && batch.target.isEmpty && batch.mask.isEmpty)
        }
    }
}
