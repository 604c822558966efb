/// The numbers a head scores one batch with.
public struct BatchScore: Equatable, Sendable {
    /// Weight of the masked positions (or whole answers) that are right.
    public var correct: Double
    /// Weight of the masked positions (or answers) counted.
    public var counted: Double
    /// Wrong bits over every position, where targets are bits.
    public var bitErrors: Double?
    /// correct / counted (0 when nothing counts), or the head's own verdict.
    public var accuracy: Double

    public init(correct: Double, counted: Double, bitErrors: Double? = nil, accuracy: Double? = nil) {
        self.correct = correct
        self.counted = counted
        self.bitErrors = bitErrors
        self.accuracy = accuracy ?? (counted > 0 ? correct / counted : 0)
    }
}
