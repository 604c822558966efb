import Foundation
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// Trains a session inside a run folder: checkpoints, metrics, signals, then evaluation.
///
/// A trainer holds the run folder's lock from `start`/`resume` until `run` returns; it is spent
/// after that. (`SavedRun` evaluates a finished run without a trainer.)
public final class Trainer {
    public let session: TrainingSession
    public let folder: RunFolder
    public let progress: Progress
    /// Test hook: behave as if SIGINT arrived once this many steps are done.
    public var stopAtStep: Int?
    /// Test hook: behave as if SIGINT arrived once evaluation has measured this length.
    public var stopAfterEvaluatingLength: Int?
    private let lock: PIDFileLock
    private var metrics: [MetricsRecord] = []
    private var secondsBefore = 0.0
    /// The step of the checkpoint on disk, nil before the first one.
    private var savedStep: Int?
    private var warnedAboutLoss = false

    /// A loss this large means training is blowing up even while it stays finite: a fresh
    /// model's loss is near ln(classes) < 5, while the issue's tester saw 1e12 to 1e30 at learning
    /// rates of 1e6 to 1e30 (the tiny reverse_string run of the tests reaches 4.4e6 at step 2 with 1e6).
    public static let lossWarningThreshold = 1e6

    /// A new run: validates everything before creating the folder, so a bad flag leaves no trace.
    public static func start(config given: RunConfig, out: URL?, progress: Progress) throws -> Trainer {
        var config = given
        config.blas = BLASRuntime.info
        let session = try TrainingSession(config: config)
        let url = out ?? RunFolder.defaultURL(task: config.task, model: config.model, seed: config.seed)
        let (folder, lock) = try RunFolder.create(at: url)
        try folder.writeConfig(config)
        if let warning = MemoryNeeds.warning(config) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        return Trainer(session: session, folder: folder, lock: lock, progress: progress)
    }

    /// Continues a run from its checkpoint. `requested` holds the settings given on the
    /// command line; any that differ from the saved config are refused.
    public static func resume(
        _ url: URL, requested: (RunConfig) throws -> RunConfig, progress: Progress
    ) throws -> Trainer {
        let (folder, lock) = try RunFolder.open(url)
        do {
            let saved = try folder.readConfig()
            try refuseIfDiverged(folder)
            let wanted = try requested(saved)
            if wanted != saved { throw LabError.configMismatch(ConfigDiff.describe(saved: saved, requested: wanted)) }
            return try load(folder, lock: lock, config: saved, progress: progress)
        } catch {
            // A refused resume leaves the folder as it found it, without a lock file it did not have.
            lock.abandon()
            throw error
        }
    }

    static func refuseIfDiverged(_ folder: RunFolder) throws {
        guard let s = try? folder.readSummary(), s.status == .diverged else { return }
        let detail = s.divergence.map { " (\($0))" } ?? ""
        let step = s.divergedAtStep.map(String.init) ?? "?"
        throw LabError.runDiverged(path: folder.url.path, detail: "diverged at step \(step)\(detail)")
    }

    private static func load(
        _ folder: RunFolder, lock: PIDFileLock, config: RunConfig,
        progress: Progress
    ) throws -> Trainer {
        let session = try TrainingSession(config: config)
        let trainer = Trainer(session: session, folder: folder, lock: lock, progress: progress)
        if let file = try folder.readCheckpoint() {
            try session.restore(tensors: file.tensors, metadata: file.metadata)
            trainer.savedStep = session.step
        }
        trainer.metrics = folder.readMetrics().filter { $0.step <= session.step }
        trainer.secondsBefore = trainer.metrics.last?.seconds ?? 0
        return trainer
    }

    init(session: TrainingSession, folder: RunFolder, lock: PIDFileLock, progress: Progress) {
        self.session = session
        self.folder = folder
        self.lock = lock
        self.progress = progress
    }

    /// Trains to the configured step count (checkpointing as it goes), then evaluates.
    /// Releases the folder's lock when it returns.
    public func run(handleSignals: Bool = true) throws -> RunOutcome {
        defer { lock.release() }
        precondition(lock.isHeld, "Trainer.run: a trainer is spent after run or evaluate")
        let config = session.config
        if handleSignals { StopSignal.install() }
        defer { if handleSignals { StopSignal.uninstall() } }
        // Moved forward by the time spent in evaluations during training, which is not training time.
        var start = Stopwatch.now()
        let firstStep = session.step
        var lastLogTime = start
        var lastLogStep = session.step
        // A table run that stopped when it grokked (`stop_when_grokked`) is done training.
        var grokked = TableRunEvaluation.grokked(metrics, at: session.step, config: config)
        if session.step < config.steps && !grokked {
            let data: String
            if let table = session.table, let batches = session.tableBatches {
                let batch = batches.isFullBatch ? "full batch" : "batch \(config.batchSize)"
                data = "\(table.split.train.count) training entries (\(batch)), \(table.split.test.count) held out"
            } else {
                data =
                    "batch \(config.batchSize), lengths \(config.curriculum.minLength)...\(config.trainLength) "
                    + "(\(config.curriculum.kind.rawValue))"
            }
            progress.note(
                "training \(config.model) on \(config.task): \(config.steps) steps, \(data), "
                    + "\(session.machine.parameterCount) parameters")
        }
        while session.step < config.steps && !grokked {
            var stop = (handleSignals && StopSignal.requested) || stopAtStep == session.step
            // The evaluation of step s runs before step s + 1 and goes into s's record (written at
            // every multiple of eval_every). A stop cuts it short and leaves the record without one,
            // which is what a resumed run looks for here; the final step's is the final evaluation.
            if !stop, config.evalEvery > 0, session.step > 0, session.step % config.evalEvery == 0,
                let last = metrics.indices.last, metrics[last].step == session.step, metrics[last].evaluation == nil,
                metrics[last].heldOut == nil
            {
                let t0 = Stopwatch.now()
                if let heldOut = try session.evaluateHeldOut() {
                    metrics[last].heldOut = heldOut
                    progress.note(Self.describe(heldOut, step: session.step))
                    grokked = config.stopWhenGrokked && heldOut.grokked(config.grokThreshold)
                } else {
                    let results = try evaluateDuringTraining(stop: { (handleSignals && StopSignal.requested) })
                    if let results { metrics[last].evaluation = results } else { stop = true }
                }
                start += Stopwatch.now() - t0
                lastLogTime += Stopwatch.now() - t0
                if grokked, let reached = metrics[last].heldOut?.testAccuracy {
                    progress.note(
                        String(
                            format: "held-out accuracy %.4f reached grok_threshold %g at step %d: stopping "
                                + "(stop_when_grokked)", reached, config.grokThreshold, session.step))
                    try saveCheckpoint()
                    break
                }
            }
            if stop {
                if session.step != savedStep || metrics.last?.evaluation != nil { try saveCheckpoint() }
                progress.note(
                    "interrupted at step \(session.step); checkpoint written. Continue with: reckon train --resume "
                        + "\(folder.url.path)"
                )
                return RunOutcome(folder: folder, summary: nil, evaluation: [], interrupted: true)
            }
            let m = session.trainStep()
            if let problem = session.divergence {
                let seconds = secondsBefore + Stopwatch.now() - start
                return try diverge(atStep: session.step + 1, problem, trainSeconds: seconds)
            }
            let s = session.step
            KillPoint.reached(.step(s))
            let now = Stopwatch.now()
            let done = s == config.steps
            let evaluationDue = config.evalEvery > 0 && s % config.evalEvery == 0
            if s % config.logEvery == 0 || done || s == 1 || evaluationDue {
                let rate = Double(s - lastLogStep) / Swift.max(now - lastLogTime, 1e-9)
                metrics.append(
                    MetricsRecord(
                        step: s, loss: m.loss, accuracy: m.accuracy, length: m.length,
                        stepsPerSecond: rate, seconds: secondsBefore + now - start))
                lastLogTime = now
                lastLogStep = s
            }
            // Only where the head says a large loss means instability (not a squared error, which has
            // the targets' scale).
            if m.loss >= Self.lossWarningThreshold && !warnedAboutLoss && session.head.largeLossMeansInstability {
                warnedAboutLoss = true
                progress.alert(
                    String(
                        format: "warning: loss %.3g at step %d; training is unstable (learning rate %g); "
                            + "a smaller --learning-rate usually helps", m.loss, s, config.learningRate))
            }
            let overall = Double(s - firstStep) / Swift.max(now - start, 1e-9)
            let eta = Double(config.steps - s) / Swift.max(overall, 1e-9)
            progress.update(
                String(
                    format: "step %d/%d  loss %.4f  acc %.3f  len %d  %.1f steps/s  ETA %@",
                    s, config.steps, m.loss, m.accuracy, m.length, overall, Progress.duration(eta)),
                milestone: s % config.logEvery == 0 || done)
            if s % config.checkpointEvery == 0 || done {
                // A finite loss can still leave an overflowed weight; such a state is never saved.
                if let name = session.nonFiniteState() {
                    return try diverge(atStep: s, "\(name) is not finite", trainSeconds: secondsBefore + now - start)
                }
                try saveCheckpoint()
            }
        }
        progress.finishLine()
        let trainSeconds = secondsBefore + Stopwatch.now() - start
        if let table = session.table {
            return try TableRunEvaluation(
                folder: folder, config: config, table: table, head: session.head,
                machine: try session.evaluationMachine(),
                step: session.step, trainSeconds: trainSeconds, savedStep: savedStep
            ).run()
        }
        let evaluation = RunEvaluation(
            folder: folder, config: config, task: session.task, head: session.head,
            machine: try session.evaluationMachine(),
            parameterCount: session.machine.parameterCount, step: session.step, trainSeconds: trainSeconds,
            savedStep: savedStep, progress: progress, stopAfterLength: stopAfterEvaluatingLength)
        return try evaluation.run(maxLength: nil, handleSignals: handleSignals)
    }

    /// Every length 1...evalMaxLength at the current step, on the final evaluation's samples (its
    /// streams are apart from training's, so the run trains exactly as without it); nil when `stop`
    /// said yes between sub-batches.
    private func evaluateDuringTraining(stop: () -> Bool) throws -> [LengthResult]? {
        let config = session.config
        let evaluator = RangeEvaluator(
            maxLength: config.evalMaxLength, samples: config.evalSamples, batchSize: config.evalBatchSize,
            seed: config.seed, beamWidth: config.beamWidth)
        let t0 = Stopwatch.now()
        let step = session.step
        let machine = try session.evaluationMachine()
        // Long evaluations (the Chomsky tasks' 500 lengths) show where they are, as the final one does.
        let shown: (LengthResult) -> Void = { r in
            self.progress.update(
                String(
                    format: "evaluating at step %d: length %d/%d  accuracy %.3f  %@", step, r.length,
                    evaluator.maxLength, r.accuracy, Progress.duration(Stopwatch.now() - t0)),
                milestone: false)
        }
        guard
            let results = evaluator.evaluate(
                machine, on: session.task, head: session.head, stop: stop, progress: shown)
        else {
            return nil
        }
        progress.finishLine()
        progress.note(
            EvaluationDuringTraining.describe(results, step: session.step, trainLength: config.trainLength))
        return results
    }

    /// One progress line of a table run's evaluation.
    static func describe(_ r: HeldOutResult, step: Int) -> String {
        String(
            format: "evaluation at step %d: train accuracy %.3f (loss %.3g), held-out accuracy %.3f (loss %.3g), "
                + "weight norm %.2f", step, r.trainAccuracy, r.trainLoss, r.testAccuracy, r.testLoss, r.weightNorm)
            + (r.fourierDescription.map { ", " + $0 } ?? "")
    }

    /// Metrics first, then the checkpoint: a kill between the two leaves metrics that run
    /// ahead of the checkpoint (trimmed on resume) rather than behind it (lost records).
    private func saveCheckpoint() throws {
        try folder.writeMetrics(metrics)
        let (tensors, metadata) = session.checkpoint()
        try Safetensors.write(tensors, metadata: metadata, to: folder.checkpointURL)
        savedStep = session.step
    }

    /// Stops a run whose step `step` was not finite: nothing more is saved, so the last good
    /// checkpoint stays as it was, and summary.json says "diverged".
    private func diverge(atStep step: Int, _ problem: String, trainSeconds: Double) throws -> RunOutcome {
        progress.finishLine()
        let config = session.config
        let summary = RunSummary(
            status: .diverged, task: config.task, model: config.model, seed: config.seed, score: nil,
            trainLengthAccuracy: nil, randomGuessAccuracy: session.head.randomGuessAccuracy,
            trainLength: config.trainLength, evalMaxLength: config.evalMaxLength, steps: step - 1,
            trainSeconds: trainSeconds, evalSeconds: nil, stepsPerSecond: nil,
            parameterCount: session.machine.parameterCount,
            protocolName: ProtocolName.describe(config, task: session.task),
            reckonVersion: ReckonVersion.string, divergedAtStep: step, divergence: problem,
            lastCheckpointStep: savedStep)
        try folder.writeSummary(summary)
        let kept = savedStep.map { "the checkpoint of step \($0) is kept" } ?? "no checkpoint was written"
        let line =
            "training diverged at step \(step) (\(problem)); \(kept) and summary.json says \"diverged\"; "
            + "try a smaller --learning-rate (now \(config.learningRate))"
        return RunOutcome(folder: folder, summary: summary, evaluation: [], interrupted: false, divergence: line)
    }
}
