import Foundation
import ReckonMachines
import ReckonNN
import ReckonTasks
import ReckonTensor

/// The outcome of `Trainer.run`: where it was written and what it measured.
public struct RunOutcome {
    public var folder: RunFolder
    /// Nil when the run was interrupted before evaluation.
    public var summary: RunSummary?
    public var evaluation: [LengthResult]
    public var interrupted: Bool
}

/// Trains a session inside a run folder: checkpoints, metrics, signals, then evaluation.
public final class Trainer {
    public let session: TrainingSession
    public let folder: RunFolder
    public let progress: Progress
    /// Test hook: behave as if SIGINT arrived once this many steps are done.
    public var stopAtStep: Int?
    private var metrics: [MetricsRecord] = []
    private var secondsBefore = 0.0

    /// A new run: validates everything before creating the folder, so a bad flag leaves no trace.
    public static func start(config given: RunConfig, out: URL?, progress: Progress) throws -> Trainer {
        var config = given
        config.blas = BLASRuntime.info
        let session = try TrainingSession(config: config)
        let url = out ?? RunFolder.defaultURL(task: config.task, model: config.model, seed: config.seed)
        let folder = try RunFolder.create(at: url)
        try folder.writeConfig(config)
        if let warning = MemoryNeeds.warning(config) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        return Trainer(session: session, folder: folder, progress: progress)
    }

    /// Continues a run from its checkpoint. `requested` holds the settings given on the
    /// command line; any that differ from the saved config are refused.
    public static func resume(_ url: URL, requested: (RunConfig) throws -> RunConfig, progress: Progress) throws -> Trainer {
        let folder = try RunFolder.open(url)
        let saved = try folder.readConfig()
        let wanted = try requested(saved)
        if wanted != saved { throw LabError.configMismatch(ConfigDiff.describe(saved: saved, requested: wanted)) }
        let session = try TrainingSession(config: saved)
        let trainer = Trainer(session: session, folder: folder, progress: progress)
        if FileManager.default.fileExists(atPath: folder.checkpointURL.path) {
            let file: SafetensorsFile
            do { file = try Safetensors.read(from: folder.checkpointURL) }
            catch { throw LabError.badCheckpoint("\(folder.checkpointURL.path): \(error)") }
            try session.restore(tensors: file.tensors, metadata: file.metadata)
        }
        trainer.metrics = folder.readMetrics().filter { $0.step <= session.step }
        trainer.secondsBefore = trainer.metrics.last?.seconds ?? 0
        return trainer
    }

    init(session: TrainingSession, folder: RunFolder, progress: Progress) {
        self.session = session; self.folder = folder; self.progress = progress
    }

    /// Trains to the configured step count (checkpointing as it goes), then evaluates.
    public func run(handleSignals: Bool = true) throws -> RunOutcome {
        let config = session.config
        if handleSignals { StopSignal.install() }
        defer { if handleSignals { StopSignal.uninstall() } }
        let start = Stopwatch.now()
        let firstStep = session.step
        var lastLogTime = start, lastLogStep = session.step
        if session.step < config.steps {
            progress.note("training \(config.model) on \(config.task): \(config.steps) steps, batch \(config.batchSize), lengths 1...\(config.trainLength) (\(config.curriculum.kind.rawValue)), \(session.machine.parameterCount) parameters")
        }
        while session.step < config.steps {
            if (handleSignals && StopSignal.requested) || stopAtStep == session.step {
                try saveCheckpoint(trainSeconds: Stopwatch.now() - start)
                progress.note("interrupted at step \(session.step); checkpoint written. Continue with: reckon train --resume \(folder.url.path)")
                return RunOutcome(folder: folder, summary: nil, evaluation: [], interrupted: true)
            }
            let m = session.trainStep()
            let s = session.step
            let now = Stopwatch.now()
            let done = s == config.steps
            if s % config.logEvery == 0 || done || s == 1 {
                let rate = Double(s - lastLogStep) / Swift.max(now - lastLogTime, 1e-9)
                metrics.append(MetricsRecord(step: s, loss: m.loss, accuracy: m.accuracy, length: m.length,
                                             stepsPerSecond: rate, seconds: secondsBefore + now - start))
                lastLogTime = now; lastLogStep = s
            }
            let overall = Double(s - firstStep) / Swift.max(now - start, 1e-9)
            let eta = Double(config.steps - s) / Swift.max(overall, 1e-9)
            progress.update(String(format: "step %d/%d  loss %.4f  acc %.3f  len %d  %.1f steps/s  ETA %@",
                                   s, config.steps, m.loss, m.accuracy, m.length, overall, Progress.duration(eta)),
                            milestone: s % config.logEvery == 0 || done)
            if s % config.checkpointEvery == 0 || done { try saveCheckpoint(trainSeconds: now - start) }
        }
        progress.finishLine()
        let trainSeconds = secondsBefore + Stopwatch.now() - start
        return try evaluateAndSummarize(trainSeconds: trainSeconds)
    }

    private func saveCheckpoint(trainSeconds: Double) throws {
        let (tensors, metadata) = session.checkpoint()
        try Safetensors.write(tensors, metadata: metadata, to: folder.checkpointURL)
        try folder.writeMetrics(metrics)
    }

    /// Range evaluation, eval.csv and summary.json for a finished run.
    public func evaluateAndSummarize(trainSeconds: Double, maxLength: Int? = nil) throws -> RunOutcome {
        let config = session.config
        let evaluator = RangeEvaluator(maxLength: maxLength ?? config.evalMaxLength, samples: config.evalSamples,
                                       batchSize: config.evalBatchSize, seed: config.seed)
        let machine = try session.evaluationMachine()
        let t0 = Stopwatch.now()
        let results = evaluator.evaluate(machine, on: session.task) { r in
            let elapsed = Stopwatch.now() - t0
            progress.update(String(format: "evaluating length %d/%d  accuracy %.3f  %@", r.length, evaluator.maxLength, r.accuracy,
                                   Progress.duration(elapsed)), milestone: r.length % 50 == 0)
        }
        progress.finishLine()
        let evalSeconds = Stopwatch.now() - t0
        try folder.writeEvaluation(results)
        let unseen = (config.trainLength + 1)...Swift.max(config.trainLength + 1, evaluator.maxLength)
        let summary = RunSummary(
            task: config.task, model: config.model, seed: config.seed,
            score: RangeEvaluator.meanAccuracy(results, in: unseen),
            trainLengthAccuracy: RangeEvaluator.meanAccuracy(results, in: 1...config.trainLength),
            randomGuessAccuracy: TaskBridge.randomGuessAccuracy(session.task),
            trainLength: config.trainLength, evalMaxLength: evaluator.maxLength, steps: session.step,
            trainSeconds: trainSeconds, evalSeconds: evalSeconds,
            stepsPerSecond: Double(session.step) / Swift.max(trainSeconds, 1e-9),
            parameterCount: session.machine.parameterCount, protocolName: ProtocolName.describe(config),
            reckonVersion: ReckonVersion.string,
            bitErrorsPerSequence: RangeEvaluator.meanBitErrors(results, in: unseen), blas: BLASRuntime.info)
        try folder.writeSummary(summary)
        return RunOutcome(folder: folder, summary: summary, evaluation: results, interrupted: false)
    }
}

/// Names which protocol a number came from (REFERENCES.md: users of the reference were
/// misled by mixing the demo defaults with the paper's protocol).
public enum ProtocolName {
    public static func describe(_ c: RunConfig) -> String {
        let grown = (c.evaluationSettings ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) in evaluation" }
        let prefix = c.protocolName == "paper" ? "paper (Delétang et al. 2023, appendix A)" : (c.protocolName ?? "reckon-default")
        return prefix + ": \(c.steps) steps, batch \(c.batchSize), lr \(c.learningRate), lengths 1-\(c.trainLength) \(c.curriculum.kind.rawValue), score = mean accuracy on lengths \(c.trainLength + 1)-\(c.evalMaxLength), \(c.evalSamples) samples/length, seed \(c.seed)" + (grown.isEmpty ? "" : ", " + grown.joined(separator: ", "))
    }
}

/// Human-readable differences between two configs, for resume errors.
enum ConfigDiff {
    static func describe(saved: RunConfig, requested: RunConfig) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        func fields(_ c: RunConfig) -> [String: String] {
            guard let d = try? e.encode(c), let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else { return [:] }
            return o.mapValues { v in
                (try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) } ?? "\(v)"
            }
        }
        let a = fields(saved), b = fields(requested)
        let diffs = Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
            .map { "\($0) is \(a[$0] ?? "unset") in the saved run but \(b[$0] ?? "unset") was given" }
        return diffs.isEmpty ? "the configuration differs from the saved run" : diffs.joined(separator: "; ") + " (drop the flag or start a new run)"
    }
}
