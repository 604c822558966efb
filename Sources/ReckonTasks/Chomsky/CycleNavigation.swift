import ReckonSupport

/// cycle_navigation: the final position on a cycle of 5 after moves -1 / 0 / +1 from position 0.
public struct CycleNavigation: AlgorithmicTask {
    /// Positions on the cycle (the reference's `_cycle_length`).
    public static let cycleLength = 5

    public init() {}
    public var name: String { "cycle_navigation" }
    public var level: TaskLevel { .regular }
    public var summary: String { "final position on a 5-cycle after moves -1, 0, +1 starting at 0" }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String { "any length >= 1" }
    /// Token id a is the move a - 1, as in the reference (`actions - 1`).
    public var inputSymbols: [String] { ["-1", "0", "+1"] }
    public var outputSymbols: [String] { (0..<Self.cycleLength).map(String.init) }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        for b in 0..<batchSize {
            var position = 0
            for t in 0..<length {
                let action = rng.nextInt(below: 3)
                input[b * length + t] = action
                position += action - 1
                if position == Self.cycleLength {
                    position = 0
                } else if position < 0 {
                    position = Self.cycleLength - 1
                }
            }
            target[b] = position
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        let displacement = input.reduce(0) { $0 + ($1 - 1) }
        return [((displacement % Self.cycleLength) + Self.cycleLength) % Self.cycleLength]
    }
}

extension CycleNavigation: RegularTask {
    /// Five states, state p the position p on the cycle (its class); the empty input stays at 0.
    /// Token a moves to p + a − 1 mod 5. The outputs all differ, so the five are minimal.
    public var automaton: MooreAutomaton { Self.minimalAutomaton }

    private static let minimalAutomaton: MooreAutomaton = {
        let n = cycleLength
        return MooreAutomaton(
            symbolCount: 3, transitions: (0..<n).map { p in (0..<3).map { a in (p + a - 1 + n) % n } },
            initial: 0, outputs: (0..<n).map { $0 })
    }()
}
