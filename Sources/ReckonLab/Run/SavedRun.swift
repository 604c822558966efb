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
    private let savedStep: Int
    private let trainSeconds: Double

    /// Opens the run in `url` to evaluate it up to `maxLength` (nil: the run's own length), decoding
    /// with beam width `beamWidth` (nil: the run's own).
    public static func open(_ url: URL, maxLength: Int?, beamWidth: Int? = nil) throws -> SavedRun {
        let (folder, lock) = try RunFolder.open(url)
        do {
            return try SavedRun(folder: folder, lock: lock, maxLength: maxLength, beamWidth: beamWidth)
        } catch {
            // A refused eval leaves the folder as it found it, without a lock file it did not have.
            lock.abandon()
            throw error
        }
    }

    private init(folder: RunFolder, lock: PIDFileLock, maxLength: Int?, beamWidth: Int?) throws {
        var saved = try folder.readConfig()
        // Another beam width than the run's own goes to its own files (eval-<N>-beam<W>.csv).
        let otherBeam = beamWidth.flatMap { $0 == saved.beamWidth ? nil : $0 }
        if let otherBeam { saved.beamWidth = otherBeam }
        try Trainer.refuseIfDiverged(folder)
        (config, task, spec, machine, head) = try TrainingSession.build(saved, for: .evaluation(maxLength: maxLength))
        var step = 0
        if let file = try folder.readCheckpoint() {
            let (s, params, state) = try TrainingSession.split(file.tensors, metadata: file.metadata, config: config)
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
        savedStep = step
        trainSeconds = records.filter { $0.step <= step }.last?.seconds ?? 0
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
    /// beam width, eval-<N>-beam<W>.csv and summary-<N>-beam<W>.json). Releases the lock.
    public func evaluate(progress: Progress, handleSignals: Bool = true) throws -> RunOutcome {
        defer { lock.release() }
        precondition(lock.isHeld, "SavedRun.evaluate: a saved run is spent after evaluate")
        if handleSignals { StopSignal.install() }
        defer { if handleSignals { StopSignal.uninstall() } }
        let own = (maxLength == nil || maxLength == config.evalMaxLength) && otherBeamWidth == nil
        if let table = task as? any FiniteTableTask {
            // A table has no lengths to go further in: its evaluation is every entry, into the run's own files.
            guard own else {
                throw LabError.invalidOption(
                    "task '\(config.task)' is a table: it is evaluated on its held-out entries, not over lengths "
                        + "(--max-length and --beam-width do not apply)")
            }
            return try TableRunEvaluation(
                folder: folder, config: config, table: table, head: head,
                machine: try TrainingSession.evaluationMachine(
                    machine, config: config, spec: spec, task: task, head: head),
                step: savedStep,
                trainSeconds: trainSeconds, savedStep: savedStep
            ).run()
        }
        let evaluation = RunEvaluation(
            folder: folder, config: config, task: task, head: head,
            machine: try TrainingSession.evaluationMachine(machine, config: config, spec: spec, task: task, head: head),
            parameterCount: machine.parameterCount, step: savedStep, trainSeconds: trainSeconds,
            savedStep: savedStep, progress: progress, stopAfterLength: stopAfterEvaluatingLength,
            otherBeamWidth: otherBeamWidth)
        return try evaluation.run(
            maxLength: own ? nil : maxLength ?? config.evalMaxLength,
            handleSignals: handleSignals)
    }
}
