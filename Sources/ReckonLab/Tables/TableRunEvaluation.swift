import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// The evaluation of a finished table run into its folder. A table has no length axis: every entry is
/// measured, the training ones and the held-out ones apart, and the score is the held-out accuracy.
/// summary.json says so (`"evaluation": "held_out_entries"`) and holds the `held_out` block; eval.csv
/// keeps its shape for the results database with one row, the held-out accuracy at the table's one input
/// length over the held-out entries.
struct TableRunEvaluation {
    let folder: RunFolder
    let config: RunConfig
    let table: any FiniteTableTask
    let head: any OutputHead
    let machine: any Machine
    let step: Int
    let trainSeconds: Double
    let savedStep: Int?

    func run() throws -> RunOutcome {
        let t0 = Stopwatch.now()
        let (result, spectrum) = HeldOutEvaluator(task: table, head: head).evaluate(machine)
        // The final measures join the curve in metrics.jsonl (the record of the last step), so the database
        // and the report read one series; a stopped run's record already holds the same numbers.
        var records = folder.readMetrics().filter { $0.step <= step }
        if let last = records.indices.last, records[last].step == step, records[last].heldOut == nil {
            records[last].heldOut = result
            try folder.writeMetrics(records)
        }
        var evaluations = records.compactMap { r in r.heldOut.map { (step: r.step, result: $0) } }
        if !evaluations.contains(where: { $0.step == step }) { evaluations.append((step, result)) }
        let grokking = GrokkingSteps(evaluations, threshold: config.grokThreshold)
        let held = HeldOutSummary(
            trainEntries: table.split.train.count, testEntries: table.split.test.count, final: result,
            threshold: config.grokThreshold, steps: grokking, evalEvery: config.evalEvery,
            stoppedWhenGrokked: step < config.steps, spectrum: spectrum)
        let length = table.inputLength(forLength: 1)
        let row = LengthResult(
            length: length, accuracy: result.testAccuracy, samples: table.split.test.count,
            bitErrorsPerSequence: nil)
        let summary = RunSummary(
            status: .complete, task: config.task, model: config.model, seed: config.seed,
            score: result.testAccuracy, trainLengthAccuracy: result.trainAccuracy,
            randomGuessAccuracy: head.randomGuessAccuracy, trainLength: length, evalMaxLength: length, steps: step,
            trainSeconds: trainSeconds, evalSeconds: Stopwatch.now() - t0,
            stepsPerSecond: trainSeconds > 0 ? Double(step) / trainSeconds : nil,
            parameterCount: machine.parameterCount, protocolName: ProtocolName.describe(config, task: table),
            reckonVersion: ReckonVersion.string, lastCheckpointStep: savedStep, blas: BLASRuntime.info,
            scaledScore: ScaledAccuracy.scaled(result.testAccuracy, task: table),
            trainLengthScaledAccuracy: ScaledAccuracy.scaled(result.trainAccuracy, task: table), heldOut: held)
        try folder.writeEvaluation([row])
        try folder.writeSummary(summary)
        return RunOutcome(folder: folder, summary: summary, evaluation: [row], interrupted: false)
    }

    /// Whether a table run stopped at `step` because it grokked there (`stop_when_grokked`): its record
    /// at that step reached the threshold on the held-out entries.
    static func grokked(_ records: [MetricsRecord], at step: Int, config: RunConfig) -> Bool {
        guard config.stopWhenGrokked, let r = records.last(where: { $0.step == step })?.heldOut else { return false }
        return r.grokked(config.grokThreshold)
    }
}
