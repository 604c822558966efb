/// The accuracy measured at one evaluation length.
public struct LengthResult: Codable, Equatable, Sendable {
    public var length: Int
    public var accuracy: Double
    public var samples: Int
    /// Mean number of wrong bits per sequence, for bit-vector tasks.
    public var bitErrorsPerSequence: Double?
    /// The task's own metrics by name (pointer tasks: area coverage, tour length ratio, ...).
    public var taskMetrics: [String: Double]?
    /// Mean squared error over every value at this length, for real-valued tasks.
    public var mse: Double?
    /// The task's success threshold at this length (accuracy is 1 when `mse` is below it), for real-valued tasks.
    public var mseThreshold: Double?
    /// Fraction of sequences right at every masked position, for tasks that report it.
    public var exactMatch: Double?
    /// Mean computation steps the machine used per sequence (iterations of a looped model) or
    /// per position (ACT's ponder N + R), for machines whose depth adapts; nil for the others.
    public var stepsUsed: Double?

    /// snake_case, as summary.json and metrics.jsonl write their own keys (eval.csv's column names).
    enum CodingKeys: String, CodingKey {
        case length, accuracy, samples, mse
        case bitErrorsPerSequence = "bit_errors_per_sequence"
        case taskMetrics = "task_metrics"
        case mseThreshold = "mse_threshold"
        case exactMatch = "exact_match"
        case stepsUsed = "steps_used"
    }

    public init(
        length: Int, accuracy: Double, samples: Int, bitErrorsPerSequence: Double?,
        mse: Double? = nil, mseThreshold: Double? = nil, exactMatch: Double? = nil,
        taskMetrics: [String: Double]? = nil, stepsUsed: Double? = nil
    ) {
        self.length = length
        self.accuracy = accuracy
        self.samples = samples
        self.bitErrorsPerSequence = bitErrorsPerSequence
        self.taskMetrics = taskMetrics
        self.mse = mse
        self.mseThreshold = mseThreshold
        self.exactMatch = exactMatch
        self.stepsUsed = stepsUsed
    }
}
