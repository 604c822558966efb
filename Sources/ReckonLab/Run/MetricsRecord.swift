/// One line of metrics.jsonl.
public struct MetricsRecord: Codable, Equatable, Sendable {
    public var step: Int
    public var loss: Double
    public var accuracy: Double
    public var length: Int
    public var stepsPerSecond: Double
    /// Wall seconds of training up to this step, summed over resumed sessions.
    public var seconds: Double

    enum CodingKeys: String, CodingKey { case step, loss, accuracy, length, seconds, stepsPerSecond = "steps_per_s" }
}
