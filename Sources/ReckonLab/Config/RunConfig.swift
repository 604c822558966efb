import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// Everything needed to rerun a training run exactly; saved as the run folder's config.json.
///
/// The run's own settings are `settings` (`RunSettings`), read as if they were fields
/// (`config.steps`, `config.curriculum.maxLength`) and stored flat beside the others in
/// config.json, as they always were.
@dynamicMemberLookup
public struct RunConfig: Codable, Equatable, Sendable {
    public var task: String
    public var model: String
    /// Machine settings after defaults and `--set` overrides (config.json: `hyperparameters`).
    public var machineSettings: StoredSettings
    /// Steps, batch size, lengths, evaluation, seed ...: every `RunSettings` declaration.
    public var settings: RunSettings
    /// The BLAS library, version and kernel the run started on (recorded, never an input).
    public var blas: BLASInfo?
    /// The protocol the run follows (`paper`, `demo`): a sweep's, or `reckon train --protocol`'s;
    /// nil for a plain `reckon train`.
    public var protocolName: String?
    /// The protocol's fixed settings this run overrides, name to value as given (a pilot run of
    /// `paper` with `steps=10000`); nil when it follows its protocol exactly.
    public var protocolDeviations: [String: String]?
    /// Machine settings replaced for evaluation only: memory sizes grown to hold the longest
    /// evaluation input (they change no parameter's shape). Nil: evaluate as trained.
    public var evaluationSettings: [String: SettingLiteral]?
    /// Task settings (`--task-set name=value`) for tasks that take them; nil: the task's defaults.
    public var taskSettings: [String: String]?

    /// Training lengths 1...trainLength.
    public var trainLength: Int { settings.curriculum.maxLength }

    public subscript<T>(dynamicMember path: WritableKeyPath<RunSettings, T>) -> T {
        get { settings[keyPath: path] }
        set { settings[keyPath: path] = newValue }
    }

    public init(task: String, model: String, machineSettings: StoredSettings, settings: RunSettings = RunSettings()) {
        self.task = task
        self.model = model
        self.machineSettings = machineSettings
        self.settings = settings
    }

    /// A new run's starting point: the machine's default settings and the task's literature
    /// lengths (1...40 and 1...500 for the Chomsky suite, copy 1...20 and 1...120, ...; a
    /// prediction source trains at its full length 256 and is evaluated to 1024).
    /// Throws the catalog's one-line error for an unknown task or machine.
    public static func defaults(task: String, model: String) throws -> RunConfig {
        let t = try TaskCatalog.task(named: task)
        let spec = try MachineCatalog.spec(named: model)
        var c = RunConfig(task: task, model: model, machineSettings: spec.defaults)
        c.curriculum.maxLength = t.defaultTrainLength
        c.evalMaxLength = t.defaultEvalMaxLength
        // Grau-Moya et al. train every sequence at the full length; a shorter one would leave its
        // later positions untrained (and each prefix of it is already a shorter sample).
        if t.outputKind == .prediction { c.curriculum.kind = .fixed }
        return c
    }

    /// The task this config names, with its settings applied.
    public func resolvedTask() throws -> any AlgorithmicTask {
        try TaskCatalog.task(named: task, settings: taskSettings ?? [:])
    }

    /// Checks every rule of `RunValidation` (numbers, lengths, machine settings, memory);
    /// throws a one-line error naming the first one broken.
    public func validate(for use: RunValidation.Use = .training) throws {
        try RunValidation.check(self, for: use)
    }

    // MARK: config.json

    enum CodingKeys: String, CodingKey {
        case task, model, blas, protocolName, protocolDeviations, evaluationSettings, taskSettings
        case machineSettings = "hyperparameters"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        task = try c.decode(String.self, forKey: .task)
        model = try c.decode(String.self, forKey: .model)
        machineSettings = try c.decode(StoredSettings.self, forKey: .machineSettings)
        blas = try c.decodeIfPresent(BLASInfo.self, forKey: .blas)
        protocolName = try c.decodeIfPresent(String.self, forKey: .protocolName)
        protocolDeviations = try c.decodeIfPresent([String: String].self, forKey: .protocolDeviations)
        evaluationSettings = try c.decodeIfPresent([String: SettingLiteral].self, forKey: .evaluationSettings)
        taskSettings = try c.decodeIfPresent([String: String].self, forKey: .taskSettings)
        settings = try RunSettings.decodeSettings(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(task, forKey: .task)
        try c.encode(model, forKey: .model)
        try c.encode(machineSettings, forKey: .machineSettings)
        try c.encodeIfPresent(blas, forKey: .blas)
        try c.encodeIfPresent(protocolName, forKey: .protocolName)
        try c.encodeIfPresent(protocolDeviations, forKey: .protocolDeviations)
        try c.encodeIfPresent(evaluationSettings, forKey: .evaluationSettings)
        try c.encodeIfPresent(taskSettings, forKey: .taskSettings)
        try settings.encodeSettings(to: encoder)
    }
}
