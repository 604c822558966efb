import ReckonSupport

/// even_pairs: is the number of unequal adjacent pairs (`01`, `10`) in a binary string odd?
public struct EvenPairs: AlgorithmicTask {
    public init() {}
    public var name: String { "even_pairs" }
    public var level: TaskLevel { .regular }
    public var summary: String { "parity of the number of 01/10 pairs in a binary string" }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String { "any length >= 1; length 1 has no pairs, so its class is always 0" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * length
            for t in 0..<length { input[row + t] = bits.next(&rng) }
            // Each boundary flips the current symbol, so their count is odd exactly when
            // the string ends on a different symbol than it starts with.
            target[b] = input[row] == input[row + length - 1] ? 0 : 1
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        var unequalPairs = 0
        for i in input.indices.dropFirst() where input[i] != input[i - 1] { unequalPairs += 1 }
        return [unequalPairs % 2]
    }
}

extension EvenPairs: RegularTask {
    /// Five states. State 0 is the empty input (no pairs: class 0); state 1 + 2·last + parity holds
    /// the last bit and the parity of the unequal pairs so far (the class). Minimal: the four after
    /// a bit differ in class or in the class after a 0; the start answers 0 like (0, even) and
    /// (1, even) but reaches (1, even) on a 1 where (0, even) reaches (1, odd), and (0, even) on a
    /// 0 where (1, even) reaches (0, odd).
    public var automaton: MooreAutomaton { Self.minimalAutomaton }

    private static let minimalAutomaton: MooreAutomaton = {
        func state(last: Int, parity: Int) -> Int { 1 + 2 * last + parity }
        var transitions: [[Int?]] = [[state(last: 0, parity: 0), state(last: 1, parity: 0)]]
        var outputs: [Int?] = [0]
        for last in 0..<2 {
            for parity in 0..<2 {
                transitions.append((0..<2).map { b in state(last: b, parity: b == last ? parity : 1 - parity) })
                outputs.append(parity)
            }
        }
        return MooreAutomaton(symbolCount: 2, transitions: transitions, initial: 0, outputs: outputs)
    }()
}
