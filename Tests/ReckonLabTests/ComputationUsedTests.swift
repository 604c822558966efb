import Foundation
import ReckonLab
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Computation used (ACT's ponder, a looped model's iterations): what a machine records in its
/// `ForwardContext` reaches eval.csv and summary.json, pooled over sub-batches; machines that
/// record nothing write the files as before.
@Suite struct ComputationUsedTests {
    /// Answers with zero logits and records `length + 0.5` steps per sequence, or nothing.
    final class CountingMachine: Module, Machine {
        @Parameter var unused = Tensor([0], shape: [1])
        let records: Bool
        private let lock = NSLock()
        private(set) var seenIterations: [Int?] = []
        init(records: Bool) {
            self.records = records
            super.init()
        }
        var computationStepsMultiplier: Int { 0 }
        func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
            .zeros([x.shape[0], x.shape[1], 2])
        }
        func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
            let b = x.shape[0]
            lock.withLock { seenIterations.append(context.taskIterations) }
            if records { context.recordSteps((Double(x.shape[1]) + 0.5) * Double(b), over: b) }
            return .zeros([b, outputLength, 2])
        }
    }

    @Test func stepsUsedArePooledPerLengthAndWrittenAsTheLastColumn() throws {
        let task = try TaskCatalog.task(named: "parity_check")
        let machine = CountingMachine(records: true)
        // 40 samples in sub-batches of 16, 16 and 8: the mean must weigh sequences, not sub-batches.
        let evaluator = RangeEvaluator(maxLength: 6, samples: 40, batchSize: 16, seed: 1)
        let results = try #require(evaluator.evaluate(machine, on: task, head: TokenHead(task)))
        #expect(results.map(\.stepsUsed) == (1...6).map { Double($0) + 0.5 })
        #expect(machine.seenIterations.allSatisfy { $0 == nil }, "parity_check names no T(n)")
        let csv = RunFolder.evaluationCSV(results)
        #expect(csv.hasPrefix("length,accuracy,samples,steps_used\n1,"))
        #expect(csv.split(separator: "\n")[3].hasSuffix(",3.5000"))
        let folder = RunFolder(url: FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString))
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.url) }
        try folder.writeEvaluation(results)
        #expect(try folder.readEvaluation().map(\.stepsUsed) == results.map(\.stepsUsed))
        #expect(RangeEvaluator.meanStepsUsed(results, in: 5...6) == 6)
    }

    @Test func machinesThatRecordNothingWriteNoColumn() throws {
        let task = try TaskCatalog.task(named: "parity_check")
        let evaluator = RangeEvaluator(maxLength: 3, samples: 8, batchSize: 8, seed: 1)
        let results = try #require(
            evaluator.evaluate(CountingMachine(records: false), on: task, head: TokenHead(task)))
        #expect(results.allSatisfy { $0.stepsUsed == nil })
        #expect(RunFolder.evaluationCSV(results).hasPrefix("length,accuracy,samples\n"))
        #expect(RangeEvaluator.meanStepsUsed(results, in: 1...3) == nil)
        let encoded = String(decoding: try JSONEncoder().encode(results[0]), as: UTF8.self)
        #expect(!encoded.contains("steps_used"))
    }

    @Test func theContextSumsLossesAndSteps() {
        var context = ForwardContext(training: true, rng: RandomGenerator(seed: 0), taskIterations: 7)
        #expect(context.auxiliaryLoss == nil && context.meanStepsUsed == nil && context.taskIterations == 7)
        context.addLoss(Tensor(scalar: 0.25))
        context.addLoss(Tensor(scalar: 0.5))
        context.recordSteps(10, over: 4)
        context.recordSteps(2, over: 4)
        #expect(context.auxiliaryLoss?.item == 0.75)
        #expect(context.meanStepsUsed == 1.5)
    }
}
