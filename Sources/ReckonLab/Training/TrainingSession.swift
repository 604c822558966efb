import Foundation
import ReckonMachines
import ReckonNN
import ReckonTasks
import ReckonTensor

/// A task, a machine and its optimizer, advanced one training step at a time.
///
/// Every random draw of step s comes from `StepStreams` keyed by (seed, s), so a session
/// restored from a checkpoint at step s continues exactly as the uninterrupted one would.
public final class TrainingSession {
    public let config: RunConfig
    public let task: any AlgorithmicTask
    public let spec: MachineSpec
    public let machine: any Machine
    /// The loss, score and metrics of the task's kind of output, chosen once for the run.
    public let head: any OutputHead
    public let optimizer: Adam
    /// A table task's training entries step by step (nil for other tasks, which sample fresh batches).
    let tableBatches: TableBatches?
    /// A full-batch table run's one batch, encoded once: every step trains on exactly these entries.
    private var fullBatch: EncodedBatch?
    /// Completed training steps.
    public private(set) var step = 0
    /// Set when a step's loss or gradient norm was not finite; that step changed nothing.
    public private(set) var divergence: String?

    /// Validates `given` for `use` (every rule of `RunValidation`, memory included) before
    /// anything is allocated, then builds the machine.
    public init(config given: RunConfig, for use: RunValidation.Use = .training) throws {
        (config, task, spec, machine, head) = try Self.build(given, for: use)
        optimizer = Adam(
            learningRate: Float(config.learningRate), beta2: Float(config.adamBeta2),
            weightDecay: Float(config.weightDecay))
        let settings = config.settings
        tableBatches = (task as? any FiniteTableTask).map {
            TableBatches(train: $0.split.train, batchSize: settings.batchSize, seed: settings.seed)
        }
    }

    /// The run's task as a table, or nil when it has lengths.
    public var table: (any FiniteTableTask)? { task as? any FiniteTableTask }

    /// A table run's measures on its training and held-out entries at the current parameters (on the
    /// evaluation machine, as the length evaluation during training).
    public func evaluateHeldOut() throws -> HeldOutResult? {
        guard let table else { return nil }
        return HeldOutEvaluator(task: table, head: head).evaluate(try evaluationMachine()).result
    }

    /// The run's task, its output head and freshly initialized machine, after every rule of
    /// `RunValidation` for `use` (memory included) passed; the config comes back with the machine's
    /// settings completed.
    static func build(
        _ given: RunConfig, for use: RunValidation.Use
    ) throws
        -> (RunConfig, any AlgorithmicTask, MachineSpec, any Machine, any OutputHead)
    {
        try given.validate(for: use)
        let task = try given.resolvedTask()
        let head = OutputHeads.head(for: task)
        let spec = try MachineCatalog.spec(named: given.model)
        var config = given
        config.machineSettings = spec.completing(given.machineSettings)
        try spec.validate(config.machineSettings)
        var rng = StepStreams.generator(seed: config.seed, .initialization)
        let machine = spec.make(
            inputSize: TaskBridge.inputWidth(task),
            outputSize: TaskBridge.outputWidth(task, head: head, trainLength: config.trainLength),
            settings: config.machineSettings, rng: &rng)
        return (config, task, spec, machine, head)
    }

    /// The training length of step `s` (drawn, then moved to the nearest length the task can make).
    public func length(forStep s: Int) -> Int {
        var rng = StepStreams.generator(seed: config.seed, .length, s)
        return TaskBridge.nearestValidLength(
            task, config.curriculum.length(step: s, rng: &rng), atMost: config.trainLength)
    }

    /// One forward, backward and Adam update; returns the step's loss, accuracy and length.
    /// A loss or gradient norm that is NaN or infinite is not applied: the parameters, the
    /// optimizer and `step` stay as they were and `divergence` says what happened (training
    /// on once wrote all-NaN weights over the last good checkpoint).
    @discardableResult
    public func trainStep() -> (loss: Double, accuracy: Double, length: Int) {
        let s = step
        let length: Int
        let batch: EncodedBatch
        if let table, let tableBatches {
            length = table.inputLength(forLength: 1)
            batch = fullBatch ?? head.encode(table.batch(entries: tableBatches.entries(forStep: s)), length: length)
            if tableBatches.isFullBatch { fullBatch = batch }
        } else {
            length = self.length(forStep: s)
            var batchRNG = StepStreams.generator(seed: config.seed, .batch, s)
            batch = head.encode(
                task.sample(batchSize: config.batchSize, length: length, rng: &batchRNG), length: length)
        }
        var context = ForwardContext(
            training: true, rng: StepStreams.generator(seed: config.seed, .forward, s),
            taskIterations: task.iterations(forLength: length), outputsAtEachInput: task.outputsAtEachInput)
        let logits = machine.logits(
            input: batch.input, outputLength: batch.outputLength,
            targets: machine.isAutoregressive ? batch.targetTensor : nil, context: &context)
        let taskLoss = head.loss(logits: logits, batch: batch)
        // The reported loss is the task's; the regularizer and an adaptive machine's ponder cost
        // only shape the gradient (stable-nalu also logs its criterion without the regularizer).
        let regularized = machine.regularization(step: s).map { taskLoss + $0 } ?? taskLoss
        let loss = context.auxiliaryLoss.map { regularized + $0 } ?? regularized
        var grads = machine.gradients(of: loss)
        let limit = config.maxGradNorm > 0 ? Float(config.maxGradNorm) : .infinity
        let norm = GradientClipping.clipByGlobalNorm(&grads, maxNorm: limit)
        let acc = head.score(logits: logits.detached, batch: batch)
        let value = Double(taskLoss.item)
        guard value.isFinite, Double(loss.item).isFinite, norm.isFinite else {
            func shown(_ x: Double) -> String { x.isNaN ? "nan" : x > 0 ? "inf" : "-inf" }
            divergence = value.isFinite ? "gradient norm is \(shown(Double(norm)))" : "loss is \(shown(value))"
            return (value, acc.accuracy, length)
        }
        if !config.settings.schedule.isConstant {
            let rate = config.settings.schedule.rate(config.learningRate, step: s, of: config.steps)
            optimizer.learningRate = Float(rate)
        }
        optimizer.update(machine, gradients: grads)
        machine.afterUpdate()
        step += 1
        return (value, acc.accuracy, length)
    }

    /// The first parameter or optimizer slot holding a NaN or infinity, if any: a finite step
    /// can still overflow a weight (learning rate 1e38), and such a state must not be saved.
    public func nonFiniteState() -> String? {
        for (name, t) in checkpoint().tensors.sorted(by: { $0.key < $1.key }) {
            let finite = t.withUnsafeBufferPointer { b in b.allSatisfy(\.isFinite) }
            if !finite { return name }
        }
        return nil
    }

    /// The machine evaluation runs: the trained one, or, when the config grows memory settings for
    /// evaluation, a machine built with them that holds the trained parameters (those settings
    /// change no parameter's shape; loading by name checks that).
    public func evaluationMachine() throws -> any Machine {
        try Self.evaluationMachine(machine, config: config, spec: spec, task: task, head: head)
    }

    static func evaluationMachine(
        _ machine: any Machine, config: RunConfig, spec: MachineSpec,
        task: any AlgorithmicTask, head: any OutputHead
    ) throws -> any Machine {
        guard let overrides = config.evaluationSettings, !overrides.isEmpty else { return machine }
        var hp = config.machineSettings
        for (k, v) in overrides { hp.values[k] = v }
        try spec.validate(hp)
        var rng = StepStreams.generator(seed: config.seed, .initialization)
        let grown = spec.make(
            inputSize: TaskBridge.inputWidth(task),
            outputSize: TaskBridge.outputWidth(task, head: head, trainLength: config.trainLength),
            settings: hp, rng: &rng)
        try grown.load(Dictionary(uniqueKeysWithValues: machine.namedParameters().map { ($0.name, $0.tensor) }))
        return grown
    }

    // MARK: checkpoints

    /// Parameters (`params.*`) and optimizer state (`optimizer.*`) with metadata that
    /// identifies the run, so a checkpoint from another run or machine is refused.
    public func checkpoint() -> (tensors: [String: Tensor], metadata: [String: String]) {
        var tensors: [String: Tensor] = [:]
        let named = machine.namedParameters()
        for (name, t) in named { tensors["params.\(name)"] = t.detached }
        for (name, t) in optimizer.stateTensors() { tensors["optimizer.\(name)"] = t.detached }
        let metadata = [
            "format": RunValidation.checkpointFormat, "task": config.task, "model": config.model,
            "step": String(step), "optimizer_steps": String(optimizer.stepCount),
            "reckon_version": ReckonVersion.string,
        ]
        return (tensors, metadata)
    }

    /// Restores parameters, optimizer state and the step counter from a checkpoint whose
    /// metadata (`RunValidation.checkpointStep`) and tensors (name by name, shape by shape
    /// against this machine) were checked first.
    public func restore(tensors: [String: Tensor], metadata: [String: String]) throws {
        let (savedStep, params, state) = try Self.split(tensors, metadata: metadata, config: config)
        do {
            try machine.load(params)
            try optimizer.loadState(state, for: machine, stepCount: savedStep)
        } catch {
            throw LabError.badCheckpoint("\(error) (is it from another model or hyperparameter setting?)")
        }
        step = savedStep
    }

    /// A checkpoint's step (from its checked metadata), parameters and optimizer state, by name.
    static func split(
        _ tensors: [String: Tensor], metadata: [String: String], config: RunConfig
    ) throws
        -> (step: Int, params: [String: Tensor], state: [String: Tensor])
    {
        let savedStep = try RunValidation.checkpointStep(metadata, config: config)
        var params: [String: Tensor] = [:]
        var state: [String: Tensor] = [:]
        for k in tensors.keys.sorted() {
            let v = tensors[k]!
            // Training never applies a step whose loss or gradient is not finite, so a checkpoint holding
            // NaN or infinity is damaged; evaluated, an all-NaN checkpoint once replaced eval.csv and
            // summary.json with a "complete" run.
            if let bad = v.withUnsafeBufferPointer({ $0.firstIndex { !$0.isFinite } }) {
                let value = v.withUnsafeBufferPointer { $0[bad] }
                throw LabError.badCheckpoint(
                    "tensor '\(k)' holds \(value) at element \(bad); training saves only finite values, "
                        + "so the file is damaged")
            }
            if k.hasPrefix("params.") {
                params[String(k.dropFirst(7))] = v
            } else if k.hasPrefix("optimizer.") {
                state[String(k.dropFirst(10))] = v
            } else {
                throw LabError.badCheckpoint(
                    "tensor '\(k)' is neither a parameter (params.*) nor optimizer state "
                        + "(optimizer.*)")
            }
        }
        return (savedStep, params, state)
    }
}
