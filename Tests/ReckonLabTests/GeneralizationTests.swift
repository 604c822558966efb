import Foundation
import ReckonLab
import Testing

/// The Lab's reason to exist, at test size: an LSTM trained on parity with lengths up to 10
/// must keep working on every length from 11 to 50.
@Suite struct GeneralizationTests {
    @Test func lstmParityGeneralizesFromTenToFifty() throws {
        var c = try LabTestSupport.config(
            task: "parity_check", model: "lstm", hidden: 32, steps: 1000, trainLength: 10, evalMaxLength: 50)
        c.batchSize = 64
        c.learningRate = 3e-3
        c.evalSamples = 64
        c.evalBatchSize = 64
        c.checkpointEvery = 1000
        let out = try Trainer.start(
            config: c, out: LabTestSupport.temporaryDirectory(), progress: Progress(style: .quiet)
        ).run(handleSignals: false)
        let unseen = out.evaluation.filter { $0.length > 10 }
        #expect(unseen.count == 40)
        let worst = unseen.min { $0.accuracy < $1.accuracy }!
        #expect(worst.accuracy >= 0.99, "length \(worst.length): \(worst.accuracy)")
    }
}
