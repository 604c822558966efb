import Foundation
import ReckonLab
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Exact match (a whole answer right) for the decimal tasks: counted over masked positions only,
/// written to eval.csv and summary.json.
@Suite struct ExactMatchTests {
    @Test func exactMatchCountsWholeMaskedAnswers() throws {
        let task = try TaskCatalog.task(named: "decimal_addition", settings: ["format": "reversed"])
        let parity = try TaskCatalog.task(named: "parity_check")
        #expect(task.reportsExactMatch && !parity.reportsExactMatch)
        var rng = RandomGenerator(seed: 2)
        let head = TokenHead(task)
        let batch = head.encode(task.sample(batchSize: 4, length: 3, rng: &rng), length: 3)
        let labels = batch.target.ids
        var logits = batch.targetTensor.scalars
        func flip(_ row: Int, _ position: Int) {
            let r = row * batch.outputLength + position
            let o = batch.outputSize
            logits[r * o + labels[r]] = 0
            logits[r * o + (labels[r] + 1) % o] = 1
        }
        func matches() -> Double {
            let shape = [4, batch.outputLength, batch.outputSize]
            return head.metrics(logits: Tensor(logits, shape: shape), batch: batch).exactMatches
        }
        #expect(matches() == 4)
        flip(1, 0)
        #expect(matches() == 3)
        // A 3-digit sum fills 4 of the 5 positions (3 digits and $): a wrong token after $ does not count.
        let last = batch.outputLength - 1
        if let row = (0..<4).first(where: { batch.mask[$0 * batch.outputLength + last] == 0 }), row != 1 {
            flip(row, batch.outputLength - 1)
            #expect(matches() == 3)
        }
    }

    @Test func runsWriteExactMatch() throws {
        var c = try LabTestSupport.config(
            task: "decimal_addition", model: "transformer_lm", steps: 5, trainLength: 2, evalMaxLength: 3,
            settings: ["embedding_dim": "16", "num_layers": "1", "num_heads": "2"], taskSettings: ["format": "plain"])
        c.batchSize = 8
        c.evalSamples = 8
        c.evalBatchSize = 4
        c.checkpointEvery = 5
        c.logEvery = 5
        let dir = LabTestSupport.temporaryDirectory()
        let outcome = try LabTestSupport.run(c, in: dir)
        #expect(outcome.evaluation.allSatisfy { ($0.exactMatch ?? -1) >= 0 && ($0.exactMatch ?? 2) <= $0.accuracy })
        let csv = try String(contentsOf: dir.appendingPathComponent("eval.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("length,accuracy,samples,exact_match\n"))
        #expect(try RunFolder(url: dir).readEvaluation().map(\.exactMatch) == outcome.evaluation.map(\.exactMatch))
        #expect(outcome.summary?.exactMatch == outcome.evaluation.last?.exactMatch)
    }
}
