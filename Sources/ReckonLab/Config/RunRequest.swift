import ReckonMachines

/// What a user asked for, applied on top of a run's starting point: the defaults for a new run,
/// the saved config on resume. A nil field keeps the starting point's value. `reckon train` fills
/// it from its flags; tests build it directly.
public struct RunRequest: Sendable, Equatable {
    public var task: String?
    public var model: String?
    public var steps: Int?
    public var batchSize: Int?
    public var learningRate: Double?
    public var maxGradNorm: Double?
    public var trainLength: Int?
    /// Shortest training length of the uniform curriculum (`--min-train-length`).
    public var minTrainLength: Int?
    public var curriculum: String?
    public var evalMaxLength: Int?
    public var evalSamples: Int?
    public var evalBatchSize: Int?
    public var checkpointEvery: Int?
    /// Steps between evaluations during training (`--eval-every`); 0 turns them off.
    public var evalEvery: Int?
    /// Beam width of evaluation for autoregressive machines (`--beam-width`); 1 is greedy.
    public var beamWidth: Int?
    /// As typed (0 ... 2^64 - 1), so that a bad value is reported as typed.
    public var seed: String?
    /// Machine settings, `name=value` each.
    public var settings: [String] = []
    /// Task settings (`--task-set`), `name=value` each.
    public var taskSettings: [String] = []

    public init() {}

    /// The run-level defaults every new run starts from, stated once: help texts and the README
    /// quote these (a test compares the README's numbers with them).
    public static let defaults = RunConfig(
        task: "", model: "", hyperparameters: Hyperparameters([:]),
        curriculum: Curriculum(kind: .uniform, maxLength: 40))

    /// A new run: the task's and machine's defaults, then this request, validated.
    public func newRun() throws -> RunConfig {
        guard let task else { throw LabError.invalidOption("--task is required (see `reckon tasks`)") }
        guard let model else { throw LabError.invalidOption("--model is required (see `reckon models`)") }
        return try applied(to: RunConfig.defaults(task: task, model: model))
    }

    /// This request on top of `base`, validated. Machine settings go onto the current values, so
    /// on resume they change only what they name, and the rules between settings are checked
    /// against the run's own values.
    public func applied(to base: RunConfig) throws -> RunConfig {
        var c = base
        if let task { c.task = task }
        if let model, model != c.model {
            c.model = model
            c.hyperparameters = try MachineCatalog.spec(named: model).defaults
        }
        let spec = try MachineCatalog.spec(named: c.model)
        if !settings.isEmpty {
            c.hyperparameters = try spec.resolve(Self.namedValues(settings, flag: "--set"), onto: c.hyperparameters)
        }
        if !taskSettings.isEmpty {
            let given = try Self.namedValues(taskSettings, flag: "--task-set")
            c.taskSettings = (c.taskSettings ?? [:]).merging(given) { $1 }
        }
        if let maxGradNorm { c.maxGradNorm = maxGradNorm }
        if let steps { c.steps = steps }
        if let batchSize { c.batchSize = batchSize }
        if let learningRate { c.learningRate = learningRate }
        if let trainLength { c.curriculum.maxLength = trainLength }
        if let minTrainLength { c.curriculum.minLength = minTrainLength }
        if let curriculum {
            guard let kind = Curriculum.Kind(rawValue: curriculum) else { throw LabError.unknownCurriculum(curriculum) }
            c.curriculum.kind = kind
        }
        if let evalMaxLength { c.evalMaxLength = evalMaxLength }
        if let evalSamples { c.evalSamples = evalSamples }
        if let evalBatchSize { c.evalBatchSize = evalBatchSize }
        if let checkpointEvery { c.checkpointEvery = checkpointEvery }
        if let evalEvery { c.evalEvery = evalEvery == 0 ? nil : evalEvery }
        if let beamWidth { c.beamWidth = beamWidth }
        if let seed { c.seed = try RunValidation.seed(seed) }
        try c.validate()
        return c
    }

    /// `name=value` items (`--set`, `--task-set`) as a dictionary, the last value of a name winning;
    /// an item without `=` or without a name is a one-line error naming `flag`.
    public static func namedValues(_ items: [String], flag: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw LabError.invalidOption("\(flag) expects name=value, got '\(item)'")
            }
            values[parts[0]] = parts[1]
        }
        return values
    }
}
