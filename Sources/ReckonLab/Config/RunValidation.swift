import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// Every rule a run's settings must satisfy, in one place. Command-line flags, a saved
/// config.json and a checkpoint's metadata all pass through here before anything is built,
/// allocated or written, so a value a flag cannot set is also refused when it comes from a
/// file. Each failure is a one-line `LabError` naming the rule and the value.
public enum RunValidation {
    /// What the settings are about to be used for: a training run (which also evaluates), or
    /// only an evaluation up to a length (nil: the run's own), as `reckon eval` needs no
    /// training memory.
    public enum Use: Equatable, Sendable {
        case training
        case evaluation(maxLength: Int?)

        /// The longest length evaluated under this use.
        func evaluationLength(_ c: RunConfig) -> Int {
            if case .evaluation(let m?) = self { return m }
            return c.evalMaxLength
        }
    }

    /// The most training steps a run may ask for (`RunSettings.maximumSteps`).
    public static let maximumSteps = RunSettings.maximumSteps

    /// The whole config: numbers, lengths, machine settings and the memory the run needs.
    /// `memory` is the bytes the run may use (this computer's, by default).
    public static func check(
        _ c: RunConfig, for use: Use = .training,
        memory: Double = Double(MemoryEstimate.availableMemory)
    ) throws {
        try c.settings.check(owner: nil)
        let task = try c.resolvedTask()
        let spec = try MachineCatalog.spec(named: c.model)
        let hp = spec.completing(c.machineSettings)
        try spec.validate(hp)
        // A pointer network's output is a position in its input; a token task has no such answer.
        if c.model == PointerNet.spec.name && task.outputKind != .pointers {
            throw LabError.invalidOption(
                "model '\(c.model)' answers with input positions; task '\(c.task)' does not "
                    + "(pointer tasks: sort, convex_hull, tsp)")
        }
        if ArithmeticStack.names.contains(spec.name), task.outputKind != .reals {
            throw LabError.invalidOption(
                "model '\(spec.name)' maps each input vector to real outputs; it takes "
                    + "real-valued tasks (arithmetic_function), not '\(task.name)'")
        }
        if task is any FiniteTableTask {
            if case .evaluation(_?) = use {
                throw LabError.invalidOption(
                    "task '\(c.task)' is a table: it is evaluated on its held-out entries, not over lengths "
                        + "(--max-length does not apply)")
            }
        } else {
            if let problem = c.settings.lengthProblem { throw SettingError.invalidCombination(problem, owner: nil) }
            // Silently ignored, they would promise a grokking step that no evaluation measures.
            if c.stopWhenGrokked || c.grokThreshold != RunSettings().grokThreshold {
                throw LabError.invalidOption(
                    "grok_threshold and stop_when_grokked apply to table tasks (modular_addition, ...), not '\(c.task)'"
                )
            }
        }
        try checkLength(c.trainLength, flag: "--train-length", task: task)
        try checkLength(c.evalMaxLength, flag: "--eval-max-length", task: task)
        // A machine that cannot take the task's shape at all (grok_mlp answers once; grok_transformer
        // answers within its input) says so here rather than failing a precondition mid-run.
        for length in Set([c.trainLength, use.evaluationLength(c)]).sorted() {
            if let problem = try spec.problem(hp, shape(task, length: length)) {
                throw LabError.invalidOption("model '\(c.model)' cannot run task '\(c.task)': \(problem)")
            }
        }
        if case .evaluation(let maxLength?) = use { try checkEvaluationLength(maxLength, config: c, task: task) }
        try checkTapes(c, use: use, task: task, spec: spec, settings: hp)
        try MemoryEstimate(c, use: use, task: task, spec: spec, settings: hp).check(available: memory)
        if task.outputsAtEachInput { try checkOutputsAtEachInput(c, task: task, spec: spec, settings: hp) }
    }

    /// A task whose output t is read at input position t (`word_problem`) gives the machine a tape
    /// of the input alone (`ForwardContext.outputsAtEachInput`): a machine that decodes its answer
    /// after the input (the autoregressive ones: transformer, seq2seq, pointer networks) cannot
    /// answer there, and computation tokens would have no place on that tape. Whether a machine
    /// decodes is a property of the built machine, so a throwaway one is built (after the memory
    /// check, so its size is known to fit).
    static func checkOutputsAtEachInput(
        _ c: RunConfig, task: any AlgorithmicTask, spec: MachineSpec, settings hp: StoredSettings
    ) throws {
        let mult = try spec.config(hp).readout.computationSteps
        guard mult == 0 else {
            throw LabError.invalidOption(
                "task '\(task.name)' reads an output at each input position, so no computation tokens follow "
                    + "the input; model '\(c.model)' has computation_steps_mult \(mult), set it to 0")
        }
        var rng = RandomGenerator(seed: 0)
        let machine = spec.make(
            inputSize: TaskBridge.inputWidth(task),
            outputSize: TaskBridge.outputWidth(task, trainLength: c.trainLength),
            settings: hp, rng: &rng)
        guard machine.answersAtEachInput else {
            throw LabError.invalidOption(
                "model '\(c.model)' decodes its answer after the input; task '\(task.name)' reads an output at "
                    + "each input position, which it cannot give (use one that reads its tape in place: rnn, lstm, "
                    + "stack_rnn, transformer_encoder, ...)")
        }
        if task.outputKind == .prediction, machine.readsTheInputLength {
            throw LabError.invalidOption(
                "model '\(c.model)' uses the input's length at every position (its tape jumps by it); on task "
                    + "'\(task.name)' a prefix would not score as its own length (use rnn, lstm, stack_rnn, ...)")
        }
        if task.outputKind == .prediction, !readsOnlyThePast(machine, inputWidth: TaskBridge.inputWidth(task)) {
            throw LabError.invalidOption(
                "model '\(c.model)' with these settings answers at a position from what comes after it (a later "
                    + "symbol, or the sequence's length); on task '\(task.name)' it would see the symbol it is asked "
                    + "to predict, and a prefix would not score as its own length (use a causal machine: rnn, lstm, "
                    + "mamba, transformer_lm or transformer_encoder with causal_masking=true and positional_encodings "
                    + "other than sin_cos, which counts from the end: sin_cos_forward, rotary, alibi, ...)")
        }
    }

    /// Whether the machine's outputs at the first positions depend on those positions alone: run on
    /// a random tape of 6 positions, again with the last position changed, and on its first 5 alone;
    /// the first 5 outputs must agree. A test of the built machine rather than a declaration, so a new
    /// machine or setting cannot be mislabelled (the Chomsky sin/cos encoding, counted from the end,
    /// passes the first comparison and fails the second).
    static func readsOnlyThePast(_ machine: any Machine, inputWidth: Int) -> Bool {
        let length = 6
        var rng = RandomGenerator(seed: 0x5eed)
        var ids = (0..<length).map { _ in rng.nextInt(below: inputWidth) }
        func outputs(_ ids: [Int]) -> [Float] {
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0), outputsAtEachInput: true)
            let x = oneHot(ids, idShape: [1, ids.count], depth: inputWidth)
            return machine.withoutGradients {
                machine.logits(input: x, outputLength: ids.count, targets: nil, context: &context).scalars
            }
        }
        let before = outputs(ids)
        let prefix = outputs(Array(ids.prefix(length - 1)))
        ids[length - 1] = (ids[length - 1] + 1) % inputWidth
        let after = outputs(ids)
        func agree(_ a: [Float], _ b: [Float]) -> Bool {
            zip(a.prefix(prefix.count), b.prefix(prefix.count)).allSatisfy { abs($0 - $1) <= 1e-5 }
        }
        return agree(before, after) && agree(before, prefix)
    }

    /// A length the task must be able to sample (this also bounds it by the task's maximum).
    static func checkLength(_ length: Int, flag: String, task: any AlgorithmicTask) throws {
        do { try task.validate(length: length) } catch let e as TaskError {
            guard case .invalidLength(_, _, let valid) = e else { throw e }
            throw LabError.invalidOption(
                "\(flag) \(length) is not a length task '\(task.name)' can sample; "
                    + "valid lengths: \(valid)")
        }
    }

    /// `reckon eval --data`: a file's rows of `length` are a length the task can make, within the
    /// machine's tape limits, and an evaluation sub-batch of them fits in memory.
    static func checkDataLength(_ length: Int, config c: RunConfig) throws {
        let task = try c.resolvedTask()
        let spec = try MachineCatalog.spec(named: c.model)
        let hp = spec.completing(c.machineSettings)
        try checkLength(length, flag: "--data's rows of length", task: task)
        try checkTapes(c, use: .evaluation(maxLength: length), task: task, spec: spec, settings: hp)
        try MemoryEstimate(c, use: .evaluation(maxLength: length), task: task, spec: spec, settings: hp)
            .check(available: Double(MemoryEstimate.availableMemory))
    }

    /// `reckon eval --max-length`: a sampleable length with unseen lengths to score.
    static func checkEvaluationLength(_ maxLength: Int, config c: RunConfig, task: any AlgorithmicTask) throws {
        try checkLength(maxLength, flag: "--max-length", task: task)
        guard maxLength > c.trainLength else {
            throw LabError.invalidOption(
                "--max-length (\(maxLength)) must be above the run's training length "
                    + "(\(c.trainLength)): the score is measured on the lengths after it")
        }
    }

    /// The footprint's shape at one length: the task's input and output lengths there.
    static func shape(_ task: any AlgorithmicTask, length: Int) -> FootprintShape {
        let input = task.inputLength(forLength: length)
        return FootprintShape(
            inputSize: TaskBridge.inputWidth(task),
            outputSize: TaskBridge.outputWidth(task, trainLength: length), inputLength: input,
            outputLength: task.outputLength(forInputLength: input), taskIterations: task.iterations(forLength: length),
            predictsNextSymbol: task.outputKind == .prediction)
    }

    /// Settings such as noise_max_length bound the tape a machine can take.
    static func checkTapes(
        _ c: RunConfig, use: Use, task: any AlgorithmicTask, spec: MachineSpec,
        settings hp: StoredSettings
    ) throws {
        let evalLength = use.evaluationLength(c)
        let mult = try spec.config(hp).readout.computationSteps
        // A task read at each input position puts the input alone on the tape.
        func tape(_ s: FootprintShape) -> Int {
            task.outputsAtEachInput
                ? s.inputLength
                : Readout.tapeLength(
                    inputLength: s.inputLength, outputLength: s.outputLength, computationStepsMultiplier: mult)
        }
        var checks: [(flag: String, length: Int, limit: Int?)] = []
        let evalFootprint = try spec.footprint(hp, shape(task, length: evalLength))
        if use == .training {
            let trainFootprint = try spec.footprint(hp, shape(task, length: c.trainLength))
            checks.append(("--train-length", c.trainLength, trainFootprint.longestTrainingTape))
        }
        let evalFlag = use == .training ? "--eval-max-length" : "--max-length"
        checks.append((evalFlag, evalLength, evalFootprint.longestEvaluationTape))
        for (flag, length, limit) in checks {
            let t = tape(shape(task, length: length))
            if let limit, t > limit {
                let setting = evalFootprint.tapeLimitSetting ?? "its settings"
                let value = hp.values[setting]?.description ?? "?"
                throw LabError.invalidOption(
                    "\(flag) \(length) gives model '\(c.model)' a tape of \(t) positions, "
                        + "but with \(setting) \(value) it takes at most \(limit); "
                        + "raise \(setting) or lower \(flag)")
            }
        }
    }

    // MARK: Checkpoints

    /// The checkpoint format this version writes and reads.
    public static let checkpointFormat = "reckon-checkpoint-1"

    /// Checks a checkpoint's metadata against the run it is loaded into and returns its step.
    /// Every training step makes exactly one optimizer update, so `optimizer_steps` must equal
    /// `step`: 0 or -1 once silently dropped Adam's moments, and Int.max overflowed in Adam.
    public static func checkpointStep(_ metadata: [String: String], config c: RunConfig) throws -> Int {
        func bad(_ m: String) -> LabError { .badCheckpoint(m) }
        guard metadata["format"] == checkpointFormat else {
            let format = metadata["format"] ?? "missing"
            throw bad("not a Reckon checkpoint (format \(format), expected \(checkpointFormat))")
        }
        guard metadata["model"] == c.model, metadata["task"] == c.task else {
            throw bad(
                "it was written for model '\(metadata["model"] ?? "?")' on task '\(metadata["task"] ?? "?")', "
                    + "this run is '\(c.model)' on '\(c.task)'")
        }
        func number(_ key: String) throws -> Int {
            guard let text = metadata[key], let n = Int(text), (0...c.steps).contains(n) else {
                let found = metadata[key] ?? "missing"
                throw bad("its \(key) '\(found)' is not a step count in 0...\(c.steps) (the run's --steps)")
            }
            return n
        }
        let step = try number("step")
        let optimizerSteps = try number("optimizer_steps")
        guard optimizerSteps == step else {
            throw bad(
                "its optimizer_steps (\(optimizerSteps)) differs from its step (\(step)); "
                    + "every step makes one optimizer update")
        }
        return step
    }

    // MARK: Single values from the command line

    /// A seed from its text: the flag takes the same values as config.json (0 ... 2^64 - 1).
    public static func seed(_ text: String, flag: String = "--seed") throws -> UInt64 {
        guard let seed = UInt64(text) else {
            throw LabError.invalidOption("\(flag) must be a whole number from 0 to \(UInt64.max), got '\(text)'")
        }
        return seed
    }
}
