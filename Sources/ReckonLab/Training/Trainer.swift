import Foundation
import ReckonMachines
import ReckonNN
import ReckonTasks
import ReckonTensor

/// Trains a session inside a run folder: checkpoints, metrics, signals, then evaluation.
///
/// A trainer holds the run folder's lock from `start`/`resume`/`openForEvaluation` until
/// `run` or `evaluate` returns; it is spent after that.
public final class Trainer {
    public let session: TrainingSession
    public let folder: RunFolder
    public let progress: Progress
    /// Test hook: behave as if SIGINT arrived once this many steps are done.
    public var stopAtStep: Int?
    /// Test hook: behave as if SIGINT arrived once evaluation has measured this length.
    public var stopAfterEvaluatingLength: Int?
    private let lock: RunLock
    private var metrics: [MetricsRecord] = []
    private var secondsBefore = 0.0
    /// The step of the checkpoint on disk, nil before the first one.
    private var savedStep: Int?
    private var warnedAboutLoss = false
    /// The length `evaluate` goes to (nil: the run's own), as given to `openForEvaluation`.
    private var evaluationLength: Int?
    /// The beam width `evaluate` decodes with when it differs from the run's own (nil: the run's).
    private var evaluationBeamWidth: Int?

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
    public static func resume(_ url: URL, requested: (RunConfig) throws -> RunConfig, progress: Progress) throws -> Trainer {
        let (folder, lock) = try RunFolder.open(url)
        let saved = try folder.readConfig()
        try refuseIfDiverged(folder)
        let wanted = try requested(saved)
        if wanted != saved { throw LabError.configMismatch(ConfigDiff.describe(saved: saved, requested: wanted)) }
        return try load(folder, lock: lock, config: saved, use: .training, progress: progress)
    }

    /// Opens a finished run to evaluate it up to `maxLength` (nil: the run's own length), decoding
    /// with beam width `beamWidth` (nil: the run's own).
    public static func openForEvaluation(_ url: URL, maxLength: Int?, beamWidth: Int? = nil,
                                         progress: Progress) throws -> Trainer {
        let (folder, lock) = try RunFolder.open(url)
        var config = try folder.readConfig()
        // Another beam width than the run's own goes to its own files (eval-<N>-beam<W>.csv).
        let otherBeam = beamWidth.flatMap { $0 == (config.beamWidth ?? 1) ? nil : $0 }
        if let otherBeam { config.beamWidth = otherBeam }
        try refuseIfDiverged(folder)
        let trainer = try load(folder, lock: lock, config: config, use: .evaluation(maxLength: maxLength),
                               progress: progress)
        trainer.evaluationLength = maxLength
        trainer.evaluationBeamWidth = otherBeam
        guard trainer.session.step == config.steps else {
            throw LabError.invalidOption("run '\(url.path)' stopped at step \(trainer.session.step) of "
                                         + "\(config.steps); "
                                         + "finish it with reckon train --resume \(url.path)")
        }
        return trainer
    }

    private static func refuseIfDiverged(_ folder: RunFolder) throws {
        guard let s = try? folder.readSummary(), s.status == .diverged else { return }
        let detail = s.divergence.map { " (\($0))" } ?? ""
        let step = s.divergedAtStep.map(String.init) ?? "?"
        throw LabError.runDiverged(path: folder.url.path, detail: "diverged at step \(step)\(detail)")
    }

    private static func load(_ folder: RunFolder, lock: RunLock, config: RunConfig, use: RunValidation.Use,
                             progress: Progress) throws -> Trainer {
        let session = try TrainingSession(config: config, for: use)
        let trainer = Trainer(session: session, folder: folder, lock: lock, progress: progress)
        if FileManager.default.fileExists(atPath: folder.checkpointURL.path) {
            let file: SafetensorsFile
            do { file = try Safetensors.read(from: folder.checkpointURL) }
            catch { throw LabError.badCheckpoint("\(folder.checkpointURL.path): \(error)") }
            try session.restore(tensors: file.tensors, metadata: file.metadata)
            trainer.savedStep = session.step
        }
        trainer.metrics = folder.readMetrics().filter { $0.step <= session.step }
        trainer.secondsBefore = trainer.metrics.last?.seconds ?? 0
        return trainer
    }

    init(session: TrainingSession, folder: RunFolder, lock: RunLock, progress: Progress) {
        self.session = session; self.folder = folder; self.lock = lock; self.progress = progress
    }

    /// Trains to the configured step count (checkpointing as it goes), then evaluates.
    /// Releases the folder's lock when it returns.
    public func run(handleSignals: Bool = true) throws -> RunOutcome {
        defer { lock.release() }
        precondition(lock.isHeld, "Trainer.run: a trainer is spent after run or evaluate")
        let config = session.config
        if handleSignals { StopSignal.install() }
        defer { if handleSignals { StopSignal.uninstall() } }
        let start = Stopwatch.now()
        let firstStep = session.step
        var lastLogTime = start, lastLogStep = session.step
        if session.step < config.steps {
            progress.note("training \(config.model) on \(config.task): \(config.steps) steps, batch \(config.batchSize), lengths \(config.curriculum.minLength)...\(config.trainLength) (\(config.curriculum.kind.rawValue)), \(session.machine.parameterCount) parameters")
        }
        while session.step < config.steps {
            if (handleSignals && StopSignal.requested) || stopAtStep == session.step {
                if session.step != savedStep { try saveCheckpoint() }
                progress.note("interrupted at step \(session.step); checkpoint written. Continue with: reckon train --resume \(folder.url.path)")
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
            if s % config.logEvery == 0 || done || s == 1 {
                let rate = Double(s - lastLogStep) / Swift.max(now - lastLogTime, 1e-9)
                metrics.append(MetricsRecord(step: s, loss: m.loss, accuracy: m.accuracy, length: m.length,
                                             stepsPerSecond: rate, seconds: secondsBefore + now - start))
                lastLogTime = now; lastLogStep = s
            }
            if m.loss >= Self.lossWarningThreshold && !warnedAboutLoss {
                warnedAboutLoss = true
                progress.alert(String(format: "warning: loss %.3g at step %d; training is unstable (learning rate %g); "
                                      + "a smaller --learning-rate usually helps", m.loss, s, config.learningRate))
            }
            let overall = Double(s - firstStep) / Swift.max(now - start, 1e-9)
            let eta = Double(config.steps - s) / Swift.max(overall, 1e-9)
            progress.update(String(format: "step %d/%d  loss %.4f  acc %.3f  len %d  %.1f steps/s  ETA %@",
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
        return try evaluateAndSummarize(trainSeconds: trainSeconds, maxLength: nil, handleSignals: handleSignals)
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
            trainLengthAccuracy: nil, randomGuessAccuracy: TaskBridge.randomGuessAccuracy(session.task),
            trainLength: config.trainLength, evalMaxLength: config.evalMaxLength, steps: step - 1,
            trainSeconds: trainSeconds, evalSeconds: nil, stepsPerSecond: nil,
            parameterCount: session.machine.parameterCount, protocolName: ProtocolName.describe(config),
            reckonVersion: ReckonVersion.string, divergedAtStep: step, divergence: problem,
            lastCheckpointStep: savedStep)
        try folder.writeSummary(summary)
        let kept = savedStep.map { "the checkpoint of step \($0) is kept" } ?? "no checkpoint was written"
        let line = "training diverged at step \(step) (\(problem)); \(kept) and summary.json says \"diverged\"; "
            + "try a smaller --learning-rate (now \(config.learningRate))"
        return RunOutcome(folder: folder, summary: summary, evaluation: [], interrupted: false, divergence: line)
    }

    /// Evaluates a finished run up to the length given to `openForEvaluation` (nil: the run's
    /// own evaluation length, into eval.csv and summary.json; another length goes to
    /// eval-<N>.csv and summary-<N>.json). Releases the folder's lock when it returns.
    public func evaluate(handleSignals: Bool = true) throws -> RunOutcome {
        let maxLength = evaluationLength
        defer { lock.release() }
        precondition(lock.isHeld, "Trainer.evaluate: a trainer is spent after run or evaluate")
        if handleSignals { StopSignal.install() }
        defer { if handleSignals { StopSignal.uninstall() } }
        let own = (maxLength == nil || maxLength == session.config.evalMaxLength) && evaluationBeamWidth == nil
        return try evaluateAndSummarize(trainSeconds: secondsBefore,
                                        maxLength: own ? nil : maxLength ?? session.config.evalMaxLength,
                                        handleSignals: handleSignals)
    }

    /// Range evaluation, then the eval file and the summary. For the run's own files, a
    /// summary that is not already complete is first marked evaluation-incomplete, so a run
    /// interrupted or killed here is recognisably one that `reckon eval` completes; a complete
    /// one is left alone until the new results replace it.
    private func evaluateAndSummarize(trainSeconds: Double, maxLength: Int?, handleSignals: Bool) throws -> RunOutcome {
        let config = session.config
        let length = maxLength ?? config.evalMaxLength
        let files = folder.evaluationFiles(maxLength: maxLength, beamWidth: evaluationBeamWidth)
        let evaluator = RangeEvaluator(maxLength: length, samples: config.evalSamples,
                                       batchSize: config.evalBatchSize, seed: config.seed,
                                       beamWidth: config.beamWidth ?? 1)
        func summary(_ status: RunStatus, _ results: [LengthResult], evalSeconds: Double?) -> RunSummary {
            let unseen = (config.trainLength + 1)...Swift.max(config.trainLength + 1, length)
            let complete = status == .complete
            return RunSummary(
                status: status, task: config.task, model: config.model, seed: config.seed,
                score: complete ? RangeEvaluator.meanAccuracy(results, in: unseen) : nil,
                trainLengthAccuracy: complete ? RangeEvaluator.meanAccuracy(results, in: 1...config.trainLength) : nil,
                randomGuessAccuracy: TaskBridge.randomGuessAccuracy(session.task),
                trainLength: config.trainLength, evalMaxLength: length, steps: session.step,
                trainSeconds: trainSeconds, evalSeconds: evalSeconds,
                stepsPerSecond: trainSeconds > 0 ? Double(session.step) / trainSeconds : nil,
                parameterCount: session.machine.parameterCount, protocolName: ProtocolName.describe(config),
                reckonVersion: ReckonVersion.string,
                bitErrorsPerSequence: complete ? RangeEvaluator.meanBitErrors(results, in: unseen) : nil,
                lastCheckpointStep: savedStep, blas: BLASRuntime.info,
                taskMetrics: complete ? RangeEvaluator.meanTaskMetrics(results, in: unseen) : nil)
        }
        if maxLength == nil, (try? folder.readSummary())?.status != .complete {
            try folder.writeSummary(summary(.evaluationIncomplete, [], evalSeconds: nil))
        }
        let resume = "reckon eval \(folder.url.path)" + (maxLength.map { " --max-length \($0)" } ?? "")
            + (evaluationBeamWidth.map { " --beam-width \($0)" } ?? "")
        let disarm = handleSignals
            ? StopSignal.exitIfIgnored(after: 1, message: "interrupted during evaluation; the training result is kept. "
                                       + "Finish the evaluation with: \(resume)", code: 130)
            : {}
        let machine = try session.evaluationMachine()
        let t0 = Stopwatch.now()
        var stopHere = false
        let evaluated = evaluator.evaluate(machine, on: session.task,
                                           stop: { stopHere || (handleSignals && StopSignal.requested) }) { r in
            KillPoint.reached(.eval(r.length))
            if r.length == stopAfterEvaluatingLength { stopHere = true }
            let elapsed = Stopwatch.now() - t0
            progress.update(String(format: "evaluating length %d/%d  accuracy %.3f  %@", r.length, evaluator.maxLength, r.accuracy,
                                   Progress.duration(elapsed)), milestone: r.length % 50 == 0)
        }
        disarm()
        progress.finishLine()
        guard let results = evaluated else {
            progress.note("interrupted during evaluation; the training result is kept. "
                          + "Finish the evaluation with: \(resume)")
            return RunOutcome(folder: folder, summary: nil, evaluation: [], interrupted: true)
        }
        let done = summary(.complete, results, evalSeconds: Stopwatch.now() - t0)
        try folder.writeEvaluation(results, to: files.eval)
        try folder.writeSummary(done, to: files.summary)
        return RunOutcome(folder: folder, summary: done, evaluation: results, interrupted: false)
    }
}
