import Foundation

@testable import ReckonLab

/// A table run's files as the Lab writes them (`TableRunEvaluation`, the trainer's `held_out` records) into a
/// folder with a config.json: metrics.jsonl with a held-out evaluation every `evalEvery` steps, eval.csv's one
/// row at the table's input length 3, and summary.json with its `held_out` block. No table task is needed:
/// the report and the database read the files, not the catalog.
struct TableRunFixture {
    var steps = 5000
    var evalEvery = 100
    /// Where training accuracy first reaches 1 (and so the 0.99 threshold).
    var memorizeAt = 300
    /// Where held-out accuracy jumps to 1; nil: it never does (stays below 0.9).
    var grokAt: Int? = 3000
    var trainEntries = 288
    var testEntries = 673

    static let threshold = 0.99
    /// The modulus of the planted embedding: 15 frequencies, of which 7 and 3 hold it all.
    static let modulus = 31

    /// An embedding [p, 4] holding frequency 7 at amplitude 1.2 and 3 at amplitude 1 (cos and sin each):
    /// 59% and 41% of the squared norm, both far above an even share (1/15) times `FourierSpectrum.keyFactor`.
    static func spectrum() -> FourierSpectrum {
        let p = modulus
        var e: [Float] = []
        for x in 0..<p {
            let w3 = 2 * Double.pi * 3 * Double(x) / Double(p)
            let w7 = 2 * Double.pi * 7 * Double(x) / Double(p)
            e += [Float(cos(w3)), Float(sin(w3)), Float(1.2 * cos(w7)), Float(1.2 * sin(w7))]
        }
        return FourierSpectrum(embedding: e, rows: p, width: 4, modulus: p)
    }

    /// The measures at `step`: train accuracy rising to 1 at `memorizeAt`, held-out accuracy at chance
    /// until half way to `grokAt`, then climbing to 0.91 and jumping to 1 there; the weight norm falling.
    func result(at step: Int) -> HeldOutResult {
        let s = Double(step)
        let train = min(1, s / Double(memorizeAt))
        var test = 0.03
        if let grokAt {
            let g = Double(grokAt)
            test = step >= grokAt ? 1 : 0.03 + 0.88 * max(0, (s - g / 2) / (g / 2))
        }
        let grokked = grokAt.map { step >= $0 } ?? false
        let planted = Self.spectrum()
        return HeldOutResult(
            trainLoss: 3.4 * exp(-s / 200) + 1e-6, trainAccuracy: train, testLoss: grokked ? 0.004 : 3.4 + s / 2000,
            testAccuracy: test, weightNorm: 60 - 30 * s / Double(steps),
            keyFrequencies: grokked ? planted.keyFrequencies : [], fourierGini: grokked ? planted.gini : 0.12)
    }

    /// Writes the run's files into `folder` (whose config.json is there or is written from `config`).
    @discardableResult
    func write(_ folder: RunFolder, config: RunConfig? = nil) throws -> RunSummary {
        if let config { try folder.writeConfig(config) }
        let config = try folder.readConfig()
        var records: [MetricsRecord] = []
        for step in stride(from: 10, through: steps, by: 10) {
            let r = result(at: step)
            records.append(
                MetricsRecord(
                    step: step, loss: r.trainLoss, accuracy: r.trainAccuracy, length: 3, stepsPerSecond: 50,
                    seconds: Double(step) / 50,
                    // The last step's evaluation is the final one, which is not logged as a record.
                    heldOut: step % evalEvery == 0 && step < steps ? r : nil))
        }
        try folder.writeMetrics(records)
        let final = result(at: steps)
        let evaluations = records.compactMap { r in r.heldOut.map { (step: r.step, result: $0) } } + [(steps, final)]
        let held = HeldOutSummary(
            trainEntries: trainEntries, testEntries: testEntries, final: final, threshold: Self.threshold,
            steps: GrokkingSteps(evaluations, threshold: Self.threshold), evalEvery: evalEvery,
            stoppedWhenGrokked: false, spectrum: Self.spectrum())
        let summary = RunSummary(
            status: .complete, task: config.task, model: config.model, seed: config.seed, score: final.testAccuracy,
            trainLengthAccuracy: final.trainAccuracy, randomGuessAccuracy: 1 / Double(Self.modulus), trainLength: 3,
            evalMaxLength: 3, steps: steps, trainSeconds: Double(steps) / 50, evalSeconds: 0.5, stepsPerSecond: 50,
            parameterCount: 1234, protocolName: "custom", reckonVersion: ReckonVersion.string,
            scaledScore: ScaledAccuracy.scaled(final.testAccuracy, chance: 1 / Double(Self.modulus)),
            trainLengthScaledAccuracy: ScaledAccuracy.scaled(final.trainAccuracy, chance: 1 / Double(Self.modulus)),
            heldOut: held)
        try folder.writeEvaluation([
            LengthResult(length: 3, accuracy: final.testAccuracy, samples: testEntries, bitErrorsPerSequence: nil)
        ])
        try folder.writeSummary(summary)
        return summary
    }

    /// A config for a one-off run folder (the catalog's parity_check: nothing here reads the task).
    static func config(seed: UInt64 = 0) throws -> RunConfig {
        var c = try RunConfig.defaults(task: "parity_check", model: "lstm")
        c.seed = seed
        c.steps = 5000
        c.evalEvery = 100
        return c
    }
}
