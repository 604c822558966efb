import Foundation
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTasks

/// A finished run opened for evaluation: its config, task and machine with the checkpoint's
/// parameters, and no optimizer. The checkpoint is still checked whole (metadata, every parameter,
/// and the Adam moments' names and shapes), so a file `train --resume` would refuse is refused here.
///
/// It holds the run folder's lock from `open` until `evaluate` returns; it is spent after that.
public final class SavedRun {
    public let folder: RunFolder
    public let config: RunConfig
    public let task: any AlgorithmicTask
    public let machine: any Machine
    /// The task's output head, chosen when the run is opened.
    public let head: any OutputHead
    /// Test hook: behave as if SIGINT arrived once evaluation has measured this length.
    public var stopAfterEvaluatingLength: Int?
    let spec: MachineSpec
    let lock: PIDFileLock
    private let maxLength: Int?
    /// A beam width other than the run's own, nil when `open` was given none or the run's.
    private let otherBeamWidth: Int?
    /// A number of sequences per length other than the run's own, nil when `open` was given none or the run's.
    private let otherSamples: Int?
    private let savedStep: Int
    private let trainSeconds: Double

    /// Opens the run in `url` to evaluate it up to `maxLength` (nil: the run's own length), decoding
    /// with beam width `beamWidth` (nil: the run's own) and `samples` sequences per length (nil: the run's own).
    ///
    /// With `transfer` (a catalog task's name and its settings) the run's machine is scored on that
    /// task instead (Grau-Moya et al.'s transfer from one source to another): it must give the
    /// machine inputs and outputs of the same widths, and the results go to eval-<task>.csv and
    /// summary-<task>.json, leaving the run's own files alone.
    public static func open(
        _ url: URL, maxLength: Int?, beamWidth: Int? = nil, samples: Int? = nil,
        transfer: (task: String, settings: [String: String])? = nil
    ) throws -> SavedRun {
        if let samples, !(1...RunSettings.maximumEvaluationSamples).contains(samples) {
            // Checked before the folder is opened: a refusal leaves no lock file behind.
            throw LabError.invalidOption(
                "--samples must be between 1 and \(RunSettings.maximumEvaluationSamples), got \(samples)")
        }
        let (folder, lock) = try RunFolder.open(url)
        do {
            return try SavedRun(
                folder: folder, lock: lock, maxLength: maxLength, beamWidth: beamWidth, samples: samples,
                transfer: transfer)
        } catch {
            // A refused eval leaves the folder as it found it, without a lock file it did not have.
            lock.abandon()
            throw error
        }
    }

    private init(
        folder: RunFolder, lock: PIDFileLock, maxLength: Int?, beamWidth: Int?, samples: Int?,
        transfer: (task: String, settings: [String: String])?
    ) throws {
        var saved = try folder.readConfig()
        // Another beam width than the run's own goes to its own files (eval-<N>-beam<W>.csv), as does
        // another number of sequences per length (eval-<N>-samples<S>.csv).
        let otherBeam = beamWidth.flatMap { $0 == saved.beamWidth ? nil : $0 }
        if let otherBeam { saved.beamWidth = otherBeam }
        let otherCount = samples.flatMap { $0 == saved.evalSamples ? nil : $0 }
        if let otherCount { saved.evalSamples = otherCount }
        try Trainer.refuseIfDiverged(folder)
        var (config, task, spec, machine, head) = try TrainingSession.build(
            saved, for: .evaluation(maxLength: maxLength))
        // The checkpoint is the run's own, checked against the run's own config.
        let trained = config
        if let transfer {
            (config, task, head) = try Self.transferred(
                config, from: task, head: head, to: transfer, maxLength: maxLength)
            transferred = true
        }
        (self.config, self.task, self.spec, self.machine, self.head) = (config, task, spec, machine, head)
        var step = 0
        if let file = try folder.readCheckpoint() {
            let (s, params, state) = try TrainingSession.split(file.tensors, metadata: file.metadata, config: trained)
            do {
                try machine.load(params)
                try Adam.checkState(state, for: machine, stepCount: s)
            } catch {
                throw LabError.badCheckpoint("\(error) (is it from another model or hyperparameter setting?)")
            }
            step = s
        }
        let records = folder.readMetrics()
        guard step == config.steps || TableRunEvaluation.grokked(records, at: step, config: config) else {
            throw LabError.invalidOption(
                "run '\(folder.url.path)' stopped at step \(step) of \(config.steps); "
                    + "finish it with reckon train --resume \(folder.url.path)")
        }
        self.folder = folder
        self.lock = lock
        self.maxLength = maxLength
        otherBeamWidth = otherBeam
        otherSamples = otherCount
        savedStep = step
        trainSeconds = records.filter { $0.step <= step }.last?.seconds ?? 0
    }

    /// Whether the run is scored on another task than its own (`open`'s `transfer`).
    private(set) var transferred = false

    /// The run's config as scored on `other`: the same machine and protocol on another task, whose
    /// inputs and outputs must have the widths the machine was built with.
    static func transferred(
        _ config: RunConfig, from own: any AlgorithmicTask, head: any OutputHead,
        to other: (task: String, settings: [String: String]), maxLength: Int?
    ) throws -> (RunConfig, any AlgorithmicTask, any OutputHead) {
        let task = try TaskCatalog.task(named: other.task, settings: other.settings)
        let otherHead = OutputHeads.head(for: task)
        let widths = (TaskBridge.inputWidth(task), TaskBridge.outputWidth(task, trainLength: config.trainLength))
        let ownWidths = (head.inputSize, TaskBridge.outputWidth(own, trainLength: config.trainLength))
        guard task.outputKind == own.outputKind, widths == ownWidths else {
            throw LabError.invalidOption(
                "task '\(other.task)' gives the machine inputs of width \(widths.0) and outputs of width \(widths.1) "
                    + "(\(task.outputKind.rawValue)); run's task '\(own.name)' \(ownWidths.0) and \(ownWidths.1) "
                    + "(\(own.outputKind.rawValue)): set the task's vocabulary to match (--task-set)")
        }
        var c = config
        c.task = task.name
        c.taskSettings = other.settings.isEmpty ? nil : other.settings
        if let maxLength { c.evalMaxLength = maxLength }
        try c.validate()
        return (c, task, otherHead)
    }

    /// The checkpoint's step.
    public var step: Int { savedStep }

    /// The machine as evaluation runs it (memory grown when the run's protocol grows it), for
    /// `reckon inspect` and `reckon extract`, which read the run without evaluating it.
    public func evaluationMachine() throws -> any Machine {
        try TrainingSession.evaluationMachine(machine, config: config, spec: spec, task: task, head: head)
    }

    /// Releases the run folder's lock without evaluating (inspection, extraction, or a refusal), leaving
    /// the lock file as it was: removed if opening created it, its old contents back otherwise. Reading
    /// a run changes nothing in its folder. The run is spent after it.
    public func close() { lock.abandon() }

    /// Evaluates to the length given to `open`: the run's own length (and beam width) rewrites
    /// eval.csv and summary.json, another goes to eval-<N>.csv and summary-<N>.json (with another
    /// beam width, eval-<N>-beam<W>.csv and summary-<N>-beam<W>.json; with another number of sequences
    /// per length, eval-<N>-samples<S>.csv). Releases the lock.
    public func evaluate(progress: Progress, handleSignals: Bool = true) throws -> RunOutcome {
        defer { lock.release() }
        precondition(lock.isHeld, "SavedRun.evaluate: a saved run is spent after evaluate")
        if handleSignals { StopSignal.install() }
        defer { if handleSignals { StopSignal.uninstall() } }
        let own =
            (maxLength == nil || maxLength == config.evalMaxLength) && otherBeamWidth == nil && otherSamples == nil
        if let table = task as? any FiniteTableTask {
            // A table has no lengths to go further in: its evaluation is every entry, into the run's own files.
            guard own else {
                throw LabError.invalidOption(
                    "task '\(config.task)' is a table: it is evaluated on its held-out entries, not over lengths "
                        + "(--max-length, --beam-width and --samples do not apply)")
            }
            return try TableRunEvaluation(
                folder: folder, config: config, table: table, head: head,
                machine: try TrainingSession.evaluationMachine(
                    machine, config: config, spec: spec, task: task, head: head),
                step: savedStep,
                trainSeconds: trainSeconds, savedStep: savedStep
            ).run()
        }
        var evaluation = RunEvaluation(
            folder: folder, config: config, task: task, head: head,
            machine: try TrainingSession.evaluationMachine(machine, config: config, spec: spec, task: task, head: head),
            parameterCount: machine.parameterCount, step: savedStep, trainSeconds: trainSeconds,
            savedStep: savedStep, progress: progress, stopAfterLength: stopAfterEvaluatingLength,
            otherBeamWidth: otherBeamWidth, otherSamples: otherSamples)
        if transferred {
            // One pair of files per task and settings: eval-chomsky_source-task-parity_check.csv.
            let settings = (config.taskSettings ?? [:]).sorted { $0.key < $1.key }.map { "-\($0.key)-\($0.value)" }
            let count = otherSamples.map { "-samples\($0)" } ?? ""
            let suffix = String(
                (config.task + settings.joined() + count).map {
                    $0.isLetter || $0.isNumber || ".-_".contains($0) ? $0 : "_"
                })
            evaluation.files = (
                folder.url.appendingPathComponent("eval-\(suffix).csv"),
                folder.url.appendingPathComponent("summary-\(suffix).json")
            )
            return try evaluation.run(maxLength: config.evalMaxLength, handleSignals: handleSignals)
        }
        return try evaluation.run(
            maxLength: own ? nil : maxLength ?? config.evalMaxLength,
            handleSignals: handleSignals)
    }
}
