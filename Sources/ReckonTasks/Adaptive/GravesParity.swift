import ReckonSupport

/// graves_parity (Graves 2016, "Adaptive Computation Time for Recurrent Neural Networks", §3.1):
/// one input vector of `size` entries (64 in the paper), k of them set to +1 or −1 uniformly and
/// the rest 0; the target is 1 if the number of +1 entries is odd, else 0.
///
/// Each example is a single input position (`Payload.reals`, width `size`) and a single class,
/// as in the paper, where a network without ACT is a one-hidden-layer feedforward net. Reckon's
/// length is the paper's difficulty k (1...size): the Lab trains on small k and evaluates up to
/// `size`. Which entries carry the k values is the `placement` setting (`GravesPlacement`).
public struct GravesParity: ConfigurableTask {
    /// The settings of `graves_parity`.
    public struct Settings: SettingGroup {
        @Setting("size", "entries of the input vector (the paper's 64)", minimum: 1, maximum: Double(maximumTaskLength))
        public var size = 64
        @Setting("placement", "which entries carry the k non-zero values") public var placement = GravesPlacement.random

        public init() {}
    }

    public var settings = Settings()
    /// Entries of the input vector.
    public var size: Int { settings.size }
    /// Which entries carry the non-zero values.
    public var placement: GravesPlacement { settings.placement }

    public init() {}

    public var name: String { "graves_parity" }
    public var level: TaskLevel { .adaptive }
    public var summary: String {
        "parity of the +1 entries of a \(size)-entry vector whose k non-zero entries are ±1 (Graves 2016)"
    }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String {
        "L = k, the non-zero entries, 1...\(size) (size); the input is one vector of \(size) values "
            + "(placement \(placement.rawValue))"
    }
    public var inputSymbols: [String] { (0..<size).map { "x\($0)" } }
    public var outputSymbols: [String] { ["0", "1"] }
    /// Entries are -1, 0 or 1.
    public var valueFormat: String { "%g" }
    /// The paper trains on every k in 1...64 (it measures no length generalization); Reckon trains on
    /// the lower half, so the score (k above the training length) asks for generalization to more bits.
    public var defaultTrainLength: Int { Swift.max(1, size / 2) }
    public var defaultEvalMaxLength: Int { size }

    public func inputLength(forLength length: Int) -> Int { 1 }
    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func validate(length: Int) throws {
        guard (1...size).contains(length) else {
            throw TaskError.invalidLength(task: name, length: length, valid: "1...\(size) (size)")
        }
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let n = size
        var input = [Float](repeating: 0, count: batchSize * n)
        var target = [Int](repeating: 0, count: batchSize)
        var indices = Array(0..<n)
        var bits = RandomBits()
        for b in 0..<batchSize {
            if placement == .random {
                // A partial Fisher–Yates shuffle: indices[0..<k] is a uniform k-subset in a uniform order.
                for i in 0..<length {
                    indices.swapAt(i, i + rng.nextInt(below: n - i))
                }
            }
            var ones = 0
            for i in 0..<length {
                let one = bits.next(&rng)
                input[b * n + indices[i]] = one == 1 ? 1 : -1
                ones += one
            }
            target[b] = ones % 2
        }
        return Batch(
            batchSize: batchSize, inputLength: 1, outputLength: 1,
            input: .reals(input, width: n), target: .tokens(target))
    }

    /// The class from the vector's entries as integers: odd (1) when an odd number of them is +1.
    public func solve(_ input: [Int]) -> [Int] {
        [input.reduce(0) { $0 ^ ($1 == 1 ? 1 : 0) }]
    }

    /// `solve` on the input vector's entries, rounded to integers.
    public func solution(for input: Payload) -> Payload {
        .tokens(solve(input.values.map { Int($0.rounded()) }))
    }
}
