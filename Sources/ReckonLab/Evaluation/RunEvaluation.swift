import Foundation
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// The evaluation of a trained run into its folder: range evaluation, then the eval file and the
/// summary. Training ends with one (`Trainer.run`), and `reckon eval` runs one on a saved run
/// (`SavedRun`) without building an optimizer.
struct RunEvaluation {
    let folder: RunFolder
    let config: RunConfig
    let task: any AlgorithmicTask
    /// The run's output head.
    let head: any OutputHead
    /// The machine evaluated (memory grown for evaluation when the config says so).
    let machine: any Machine
    let parameterCount: Int
    let step: Int
    let trainSeconds: Double
    let savedStep: Int?
    let progress: Progress
    /// Test hook: behave as if SIGINT arrived once this length is measured.
    let stopAfterLength: Int?
    /// A beam width other than the run's own (`reckon eval --beam-width`), already in `config`; its
    /// results go to their own files (eval-<N>-beam<W>.csv). Nil: the run's own width.
    var otherBeamWidth: Int? = nil
    /// A number of sequences per length other than the run's own (`reckon eval --samples`), already in
    /// `config`; its results go to their own files (eval-<N>-samples<S>.csv). Nil: the run's own.
    var otherSamples: Int? = nil
    /// Where the results go instead of the files of `maxLength` (a run scored on another task).
    var files: (eval: URL, summary: URL)? = nil

    /// Evaluates up to `maxLength` (nil: the run's own length, into eval.csv and summary.json;
    /// another length goes to eval-<N>.csv and summary-<N>.json, another beam width to
    /// eval-<N>-beam<W>.csv and summary-<N>-beam<W>.json). For the run's own files, a
    /// summary that is not already complete is first marked evaluation-incomplete, so a run
    /// interrupted or killed here is recognisably one that `reckon eval` completes; a complete
    /// one is left alone until the new results replace it.
    func run(maxLength: Int?, handleSignals: Bool) throws -> RunOutcome {
        let length = maxLength ?? config.evalMaxLength
        let files =
            self.files
            ?? folder.evaluationFiles(
                maxLength: maxLength, beamWidth: otherBeamWidth, samples: otherSamples)
        let evaluator = RangeEvaluator(
            maxLength: length, samples: config.evalSamples,
            batchSize: config.evalBatchSize, seed: config.seed,
            beamWidth: config.beamWidth)
        if maxLength == nil, (try? folder.readSummary())?.status != .complete {
            try folder.writeSummary(summary(.evaluationIncomplete, [], length: length, evalSeconds: nil))
        }
        let resume =
            "reckon eval \(folder.url.path)" + (maxLength.map { " --max-length \($0)" } ?? "")
            + (otherBeamWidth.map { " --beam-width \($0)" } ?? "") + (otherSamples.map { " --samples \($0)" } ?? "")
        let disarm =
            handleSignals
            ? StopSignal.exitIfIgnored(
                after: 1,
                message: "interrupted during evaluation; the training result is kept. "
                    + "Finish the evaluation with: \(resume)", code: 130)
            : {}
        let t0 = Stopwatch.now()
        var stopHere = false
        let evaluated = evaluator.evaluate(
            machine, on: task, head: head,
            stop: { stopHere || (handleSignals && StopSignal.requested) }
        ) { r in
            KillPoint.reached(.eval(r.length))
            if r.length == stopAfterLength { stopHere = true }
            let elapsed = Stopwatch.now() - t0
            progress.update(
                String(
                    format: "evaluating length %d/%d  accuracy %.3f  %@", r.length, evaluator.maxLength,
                    r.accuracy, Progress.duration(elapsed)), milestone: r.length % 50 == 0)
        }
        disarm()
        progress.finishLine()
        guard let results = evaluated else {
            progress.note(
                "interrupted during evaluation; the training result is kept. "
                    + "Finish the evaluation with: \(resume)")
            return RunOutcome(folder: folder, summary: nil, evaluation: [], interrupted: true)
        }
        let done = summary(.complete, results, length: length, evalSeconds: Stopwatch.now() - t0)
        try folder.writeEvaluation(results, to: files.eval)
        try folder.writeSummary(done, to: files.summary)
        return RunOutcome(folder: folder, summary: done, evaluation: results, interrupted: false)
    }

    private func summary(
        _ status: RunStatus, _ results: [LengthResult], length: Int,
        evalSeconds: Double?
    ) -> RunSummary {
        let complete = status == .complete
        return Self.summary(
            status, results, task: task, head: head, model: config.model, seed: config.seed,
            trainLength: config.trainLength, length: length, steps: step, trainSeconds: trainSeconds,
            evalSeconds: evalSeconds, parameterCount: parameterCount,
            protocolName: ProtocolName.describe(config, task: task), lastCheckpointStep: savedStep,
            blas: BLASRuntime.info,
            bestStep: complete && config.evalEvery > 0 && length == config.evalMaxLength && otherBeamWidth == nil
                && otherSamples == nil
                ? EvaluationDuringTraining.bestStep(
                    EvaluationDuringTraining.candidates(folder.readMetrics(), final: results, finalStep: step),
                    trainLength: config.trainLength) : nil)
    }

    /// A summary of results over lengths 1 ... `length`: everything measured is derived here, from the
    /// results, once for a trained run and for predictions scored from outside (`ExternalScore`).
    static func summary(
        _ status: RunStatus, _ results: [LengthResult], task: any AlgorithmicTask, head: any OutputHead,
        model: String, seed: UInt64, trainLength: Int, length: Int, steps: Int, trainSeconds: Double,
        evalSeconds: Double?, parameterCount: Int, protocolName: String, lastCheckpointStep: Int? = nil,
        blas: BLASInfo? = nil, bestStep: EvaluationDuringTraining.BestStep? = nil
    ) -> RunSummary {
        let unseen = (trainLength + 1)...Swift.max(trainLength + 1, length)
        let complete = status == .complete
        let score = complete ? RangeEvaluator.meanAccuracy(results, in: unseen) : nil
        let trainLengthAccuracy = complete ? RangeEvaluator.meanAccuracy(results, in: 1...trainLength) : nil
        return RunSummary(
            status: status, task: task.name, model: model, seed: seed,
            score: score, trainLengthAccuracy: trainLengthAccuracy,
            randomGuessAccuracy: head.randomGuessAccuracy,
            trainLength: trainLength, evalMaxLength: length, steps: steps,
            trainSeconds: trainSeconds, evalSeconds: evalSeconds,
            stepsPerSecond: trainSeconds > 0 ? Double(steps) / trainSeconds : nil,
            parameterCount: parameterCount, protocolName: protocolName,
            reckonVersion: ReckonVersion.string,
            bitErrorsPerSequence: complete ? RangeEvaluator.meanBitErrors(results, in: unseen) : nil,
            lastCheckpointStep: lastCheckpointStep, blas: blas,
            mse: complete ? RangeEvaluator.meanSquaredError(results, in: unseen) : nil,
            solved: complete ? RangeEvaluator.solved(results, in: unseen) : nil,
            exactMatch: complete ? RangeEvaluator.meanExactMatch(results, in: unseen) : nil,
            taskMetrics: complete ? RangeEvaluator.meanTaskMetrics(results, in: unseen) : nil,
            bestStep: bestStep,
            stepsUsed: complete ? RangeEvaluator.meanStepsUsed(results, in: unseen) : nil,
            trainLengthStepsUsed: complete ? RangeEvaluator.meanStepsUsed(results, in: 1...trainLength) : nil,
            // Scaled after averaging the lengths, as Grazzi et al. scale their pooled accuracy (`ScaledAccuracy`).
            scaledScore: ScaledAccuracy.scaled(score, task: task),
            trainLengthScaledAccuracy: ScaledAccuracy.scaled(trainLengthAccuracy, task: task),
            prediction: complete && task.outputKind == .prediction
                ? PredictionSummary.from(results, trainLength: trainLength, vocabulary: task.outputSize) : nil)
    }
}
