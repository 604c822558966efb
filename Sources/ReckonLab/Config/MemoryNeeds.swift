import ReckonMachines
import ReckonSupport
import ReckonTasks

/// How many time steps a machine's memory must hold for a task's inputs: the unrolled tape is
/// the input, the computation tokens and one blank per output (the empty-targets readout), and a
/// stack can be pushed, or a tape head moved, once per step.
///
/// Why: the reference's default stack of 30 cells cannot reverse a string longer than 30, and
/// its example's 40-cell tape wraps on longer inputs, so a default run cannot reproduce the
/// paper's 100 on reverse_string or duplicate_string however long it trains.
public enum MemoryNeeds {
    /// Steps unrolled for an input of `length`: L + mult·L + T_out(L).
    public static func unrolledSteps(_ task: any AlgorithmicTask, length: Int, computationStepsMult mult: Int) -> Int {
        let input = task.inputLength(forLength: length)
        return Readout.tapeLength(
            inputLength: input, outputLength: task.outputLength(forInputLength: input), computationStepsMultiplier: mult
        )
    }

    /// The most steps unrolled at any length 1...`maxLength` the task accepts.
    public static func longestUnroll(_ task: any AlgorithmicTask, maxLength: Int, computationStepsMult mult: Int) -> Int
    {
        (1...Swift.max(1, maxLength)).filter { (try? task.validate(length: $0)) != nil }
            .map { unrolledSteps(task, length: $0, computationStepsMult: mult) }.max() ?? 0
    }

    /// The memory setting's value and the steps the longest evaluation input unrolls, when the
    /// machine has a memory setting.
    public static func requirement(_ config: RunConfig) -> (setting: String, capacity: Int, needed: Int)? {
        guard let spec = try? MachineCatalog.spec(named: config.model), let setting = spec.memorySetting,
            let task = try? config.resolvedTask()
        else { return nil }
        let hp = spec.completing(config.machineSettings)
        let capacity =
            config.evaluationSettings?[setting].flatMap(intValue) ?? hp.values[setting].flatMap(intValue) ?? 0
        let mult = (try? spec.config(hp))?.readout.computationSteps ?? 0
        return (setting, capacity, longestUnroll(task, maxLength: config.evalMaxLength, computationStepsMult: mult))
    }

    /// One line when the memory evaluated with is smaller than the longest evaluation input needs.
    public static func warning(_ config: RunConfig) -> String? {
        guard let r = requirement(config), r.capacity < r.needed else { return nil }
        return
            "warning: \(config.model)'s \(r.setting) is \(r.capacity) but evaluation to length \(config.evalMaxLength) "
            + "unrolls \(r.needed) steps; longer inputs overflow its memory (--set \(r.setting)=\(r.needed))"
    }

    /// Evaluation settings with the memory grown to the longest evaluation unroll (nil when the
    /// machine has no memory setting or its memory is already large enough).
    public static func grownForEvaluation(_ config: RunConfig) -> [String: SettingLiteral]? {
        var c = config
        c.evaluationSettings = nil
        guard let r = requirement(c), r.capacity < r.needed else { return config.evaluationSettings }
        var settings = config.evaluationSettings ?? [:]
        settings[r.setting] = .int(r.needed)
        return settings
    }

    private static func intValue(_ v: SettingLiteral) -> Int? {
        if case .int(let i) = v { return i }
        return nil
    }
}
