/// The accuracy measured at one evaluation length.
public struct LengthResult: Codable, Equatable, Sendable {
    public var length: Int
    public var accuracy: Double
    public var samples: Int
    /// Mean number of wrong bits per sequence, for bit-vector tasks.
    public var bitErrorsPerSequence: Double?

    public init(length: Int, accuracy: Double, samples: Int, bitErrorsPerSequence: Double?) {
        self.length = length; self.accuracy = accuracy; self.samples = samples; self.bitErrorsPerSequence = bitErrorsPerSequence
    }
}
