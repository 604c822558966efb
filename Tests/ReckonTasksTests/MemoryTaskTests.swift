import ReckonSupport
import ReckonTasks
import Testing

/// The memory tasks (copy, repeat_copy, associative_recall, priority_sort): their literature
/// lengths, layouts and worked examples (`SolverAgreementTests` checks every sample against the
/// solver, `DeterminismTests` the seeds).
@Suite struct MemoryTaskTests {
    static let names = ["copy", "repeat_copy", "associative_recall", "priority_sort"]

    @Test(arguments: names)
    func isABitVectorTask(_ name: String) {
        #expect(task(name) is any BitVectorTask && task(name).outputKind == .bitVectors && task(name).level == .memory)
    }

    @Test func literatureDefaults() {
        let expected: [String: (Int, Int)] = [
            "copy": (20, 120), "repeat_copy": (10, 20), "associative_recall": (6, 20), "priority_sort": (20, 40),
        ]
        for (name, (train, eval)) in expected {
            #expect(task(name).defaultTrainLength == train && task(name).defaultEvalMaxLength == eval, "\(name)")
        }
        #expect(task("parity_check").defaultTrainLength == 40 && task("parity_check").defaultEvalMaxLength == 500)
    }

    @Test func copyGoldenExample() {
        let t = task("copy")
        // Two vectors, the delimiter, as the flat integer view (9 channels a row).
        let input = [
            1, 0, 1, 0, 0, 0, 0, 1, 0,
            0, 1, 1, 1, 0, 0, 1, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 1,
        ]
        #expect(
            t.solve(input) == [
                1, 0, 1, 0, 0, 0, 0, 1,
                0, 1, 1, 1, 0, 0, 1, 0,
            ])
        var rng = RandomGenerator(seed: 1)
        let batch = t.sample(batchSize: 1, length: 3, rng: &rng)
        let rows = batch.inputVectors(0)
        #expect(rows.count == 4 && rows[3] == [0, 0, 0, 0, 0, 0, 0, 0, 1] && rows[0..<3].allSatisfy { $0[8] == 0 })
        #expect(batch.targetVectors(0) == rows[0..<3].map { Array($0.prefix(8)) })
    }

    @Test func repeatCopyGoldenExample() {
        let t = RepeatCopy(maxRepeats: 3)
        let v: [Float] = [1, 1, 0, 0, 1, 0, 1, 0]
        let input: [[Float]] = [v + [0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 1, Float(2) / 3]]
        let zero = [Float](repeating: 0, count: 8)
        #expect(t.solveBits(input) == [v + [0], v + [0], zero + [1], zero + [0]])
        var rng = RandomGenerator(seed: 3)
        let batch = t.sample(batchSize: 16, length: 2, rng: &rng)
        #expect(batch.outputLength == 7)
        for b in 0..<16 {
            let target = batch.targetVectors(b)
            let end = target.firstIndex { $0[8] == 1 }!
            #expect(end % 2 == 0 && end >= 2 && batch.maskRow(b) == (0..<7).map { $0 <= end ? 1 : 0 })
        }
    }

    @Test func associativeRecallGoldenExample() {
        let t = task("associative_recall") as! any BitVectorTask
        func item(_ seed: Float) -> [[Float]] {
            (0..<3).map { v in
                let bits: [Float] = (0..<6).map { k in (v + k) % 2 == 0 ? seed : 1 - seed }
                return bits + [0, 0]
            }
        }
        let delimiter: [Float] = [0, 0, 0, 0, 0, 0, 1, 0]
        let query: [Float] = [0, 0, 0, 0, 0, 0, 0, 1]
        let a = item(0)
        let b = item(1)
        let input = [delimiter] + a + [delimiter] + b + [query] + a + [query]
        #expect(t.solveBits(input) == b.map { Array($0.prefix(6)) })
        #expect(t.inputLength(forLength: 2) == 13)
        #expect(throws: TaskError.self) { try t.validate(length: 1) }
    }

    @Test func prioritySortGoldenExample() {
        let t = task("priority_sort") as! any BitVectorTask
        // Five vectors keep four: priorities 0.1, 0.9, -0.5, 0.9, 0.3 -> rows 1, 3 (tie: earlier first), 4, 0.
        let p: [Float] = [0.1, 0.9, -0.5, 0.9, 0.3]
        var input: [[Float]] = []
        for i in 0..<5 {
            let bits: [Float] = (0..<8).map { k in (k + i) % 3 == 0 ? 1 : 0 }
            input.append(bits + [p[i], 0])
        }
        input.append([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(t.solveBits(input) == [1, 3, 4, 0].map { Array(input[$0].prefix(8)) })
        #expect(t.outputLength(forInputLength: 21) == 16)
    }
}
