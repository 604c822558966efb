/// The accuracy measured at one evaluation length.
public struct LengthResult: Codable, Equatable, Sendable {
    public var length: Int
    public var accuracy: Double
    public var samples: Int
    /// Mean number of wrong bits per sequence, for bit-vector tasks.
    public var bitErrorsPerSequence: Double?
    /// The task's own metrics by name (pointer tasks: area coverage, tour length ratio, ...).
    public var taskMetrics: [String: Double]?

    public init(length: Int, accuracy: Double, samples: Int, bitErrorsPerSequence: Double?,
                taskMetrics: [String: Double]? = nil) {
        self.length = length; self.accuracy = accuracy; self.samples = samples; self.bitErrorsPerSequence = bitErrorsPerSequence
        self.taskMetrics = taskMetrics
    }
}
