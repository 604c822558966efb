import ReckonMachines
import ReckonTasks
import ReckonTensor

/// Everything needed to rerun a training run exactly; saved as the run folder's config.json.
public struct RunConfig: Codable, Equatable, Sendable {
    public var task: String
    public var model: String
    /// Machine settings after defaults and `--set` overrides.
    public var hyperparameters: Hyperparameters
    public var steps: Int = 10_000
    public var batchSize: Int = 128
    public var learningRate: Double = 1e-3
    public var maxGradNorm: Double = 1.0
    public var curriculum: Curriculum
    public var evalMaxLength: Int = 500
    public var evalSamples: Int = 512
    public var evalBatchSize: Int = 64
    public var seed: UInt64 = 0
    public var checkpointEvery: Int = 1000
    public var logEvery: Int = 100
    /// Steps between evaluations during training (`--eval-every`), recorded in metrics.jsonl and
    /// judged by `EvaluationDuringTraining.bestStep` in summary.json; nil: only after training.
    public var evalEvery: Int?
    /// The BLAS library, version and kernel the run started on (recorded, never an input).
    public var blas: BLASInfo?
    /// The protocol a sweep ran this run under (`paper`, `demo`); nil for a plain `reckon train`.
    public var protocolName: String?
    /// Machine settings replaced for evaluation only: memory sizes grown to hold the longest
    /// evaluation input (they change no parameter's shape). Nil: evaluate as trained.
    public var evaluationSettings: [String: HyperValue]?
    /// Beam width of evaluation for autoregressive machines (`BeamSearch`); nil or 1: greedy.
    public var beamWidth: Int?
    /// Task settings (`--task-set name=value`) for tasks that take them; nil: the task's defaults.
    public var taskSettings: [String: String]?

    /// Training lengths 1...trainLength.
    public var trainLength: Int { curriculum.maxLength }

    public init(task: String, model: String, hyperparameters: Hyperparameters, curriculum: Curriculum) {
        self.task = task
        self.model = model
        self.hyperparameters = hyperparameters
        self.curriculum = curriculum
    }

    /// A new run's starting point: the machine's default hyperparameters and the task's
    /// literature lengths (1...40 and 1...500 for the Chomsky suite, copy 1...20 and 1...120, ...).
    /// Throws the catalog's one-line error for an unknown task or machine.
    public static func defaults(task: String, model: String) throws -> RunConfig {
        let t = try TaskCatalog.task(named: task)
        let spec = try MachineCatalog.spec(named: model)
        var c = RunConfig(
            task: task, model: model, hyperparameters: spec.defaults,
            curriculum: Curriculum(kind: .uniform, maxLength: t.defaultTrainLength))
        c.evalMaxLength = t.defaultEvalMaxLength
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
}
