/// One line of metrics.jsonl.
public struct MetricsRecord: Codable, Equatable, Sendable {
    public var step: Int
    public var loss: Double
    public var accuracy: Double
    public var length: Int
    public var stepsPerSecond: Double
    /// Wall seconds of training up to this step, summed over resumed sessions (evaluations
    /// during training excluded).
    public var seconds: Double
    /// The evaluation at this step (`--eval-every`): every length 1...evalMaxLength, on the same
    /// samples as the final evaluation; nil at steps without one.
    public var evaluation: [LengthResult]?
    /// A table run's evaluation at this step (`--eval-every`): the training and held-out entries.
    public var heldOut: HeldOutResult?

    enum CodingKeys: String, CodingKey {
        case step, loss, accuracy, length, seconds
        case evaluation = "eval"
        case heldOut = "held_out"
        case stepsPerSecond = "steps_per_s"
    }
}
