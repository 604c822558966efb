/// A deterministic finite automaton with an output class per state (a Moore machine), possibly partial:
/// a regular task's own automaton, or one extracted from a network's hidden states.
///
/// A word either reaches a state, every transition on the way defined, or falls off into an implicit
/// dead sink. Two automata are equivalent when on every word both fall off, or both reach states with
/// the same output, nil counting as an output of its own. So the dead sink differs from every real
/// state, one without an answer included: in modular_arithmetic `3 +` (no answer yet) is a state and
/// `3 3` (never an expression) is not.
public struct MooreAutomaton: Sendable, Equatable, Codable {
    /// Input symbols 0..<symbolCount (a task's input token ids).
    public var symbolCount: Int
    /// State × input symbol → next state; nil where undefined (an input the task never produces
    /// there, or one never observed).
    public var transitions: [[Int?]]
    /// The state before any input.
    public var initial: Int
    /// The output class when the input ends in this state; nil where no answer is defined (the
    /// empty expression, an expression ending in an operator).
    public var outputs: [Int?]

    public init(symbolCount: Int, transitions: [[Int?]], initial: Int, outputs: [Int?]) {
        if let problem = Self.shapeProblem(
            symbolCount: symbolCount, transitions: transitions, initial: initial, outputs: outputs)
        {
            preconditionFailure(problem)
        }
        self.symbolCount = symbolCount
        self.transitions = transitions
        self.initial = initial
        self.outputs = outputs
    }

    /// Decodes the stored fields and rejects shapes `init` would stop on.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let symbolCount = try c.decode(Int.self, forKey: .symbolCount)
        let transitions = try c.decode([[Int?]].self, forKey: .transitions)
        let initial = try c.decode(Int.self, forKey: .initial)
        let outputs = try c.decode([Int?].self, forKey: .outputs)
        if let problem = Self.shapeProblem(
            symbolCount: symbolCount, transitions: transitions, initial: initial, outputs: outputs)
        {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
        }
        self.init(symbolCount: symbolCount, transitions: transitions, initial: initial, outputs: outputs)
    }

    /// What is wrong with these fields, or nil when they make an automaton.
    static func shapeProblem(symbolCount: Int, transitions: [[Int?]], initial: Int, outputs: [Int?]) -> String? {
        guard symbolCount >= 1 else { return "an automaton reads at least one symbol, not \(symbolCount)" }
        guard !transitions.isEmpty else { return "an automaton has at least one state" }
        guard outputs.count == transitions.count else {
            return "\(outputs.count) outputs for \(transitions.count) states"
        }
        guard transitions.indices.contains(initial) else {
            return "initial state \(initial) outside 0..<\(transitions.count)"
        }
        for (q, row) in transitions.enumerated() {
            guard row.count == symbolCount else { return "state \(q) has \(row.count) transitions, not \(symbolCount)" }
            for case let r? in row where !transitions.indices.contains(r) {
                return "state \(q) goes to \(r), outside 0..<\(transitions.count)"
            }
        }
        return nil
    }

    /// The number of states.
    public var stateCount: Int { transitions.count }

    /// The state `word` ends in, or nil when it falls off (a transition on the way is undefined).
    public func state(after word: [Int]) -> Int? {
        var q = initial
        for a in word {
            precondition(a >= 0 && a < symbolCount, "symbol \(a) outside 0..<\(symbolCount)")
            guard let next = transitions[q][a] else { return nil }
            q = next
        }
        return q
    }

    /// The output class for `word`: nil when it falls off or ends in a state without an answer.
    public func output(for word: [Int]) -> Int? {
        state(after: word).flatMap { outputs[$0] }
    }

    /// The reachable states renumbered breadth-first from the initial state (which becomes 0), a
    /// state's successors taken in increasing symbol order; unreachable states are dropped.
    public func canonicallyNumbered() -> MooreAutomaton {
        let order = reachableStates()
        var number = [Int?](repeating: nil, count: stateCount)
        for (i, q) in order.enumerated() { number[q] = i }
        return MooreAutomaton(
            symbolCount: symbolCount,
            transitions: order.map { q in transitions[q].map { $0.flatMap { number[$0] } } },
            initial: 0, outputs: order.map { outputs[$0] })
    }

    /// The reachable states in breadth-first order from the initial state, symbols in increasing order.
    private func reachableStates() -> [Int] {
        var seen = [Bool](repeating: false, count: stateCount)
        var order = [initial]
        seen[initial] = true
        var head = 0
        while head < order.count {
            let q = order[head]
            head += 1
            for case let r? in transitions[q] where !seen[r] {
                seen[r] = true
                order.append(r)
            }
        }
        return order
    }

    /// The minimal equivalent automaton, canonically numbered (`canonicallyNumbered`): unreachable
    /// states dropped, then equivalent states merged by Hopcroft's partition refinement
    /// (`HopcroftRefinement`), starting from the partition by output (nil a class of its own) with
    /// every undefined transition sent to a dead sink that forms a block alone. Two automata are
    /// equivalent exactly when their minimized forms are equal.
    public func minimized() -> MooreAutomaton {
        let reachable = canonicallyNumbered()
        let n = reachable.stateCount
        let k = symbolCount
        let dead = n
        var delta = [Int](repeating: dead, count: (n + 1) * k)
        for q in 0..<n {
            for a in 0..<k { delta[q * k + a] = reachable.transitions[q][a] ?? dead }
        }
        // Block ids by output: nil and each class one block, the sink one more.
        var outputBlock: [Int?: Int] = [:]
        var initialBlocks = reachable.outputs.map { output in
            if let b = outputBlock[output] { return b }
            outputBlock[output] = outputBlock.count
            return outputBlock.count - 1
        }
        initialBlocks.append(outputBlock.count)
        let blocks = HopcroftRefinement.blocks(delta: delta, symbolCount: k, initialBlocks: initialBlocks)

        // One state per block but the sink's (no real state shares it: its starting block was its own).
        var number: [Int: Int] = [:]
        var representative: [Int] = []
        for q in 0..<n where number[blocks[q]] == nil {
            number[blocks[q]] = representative.count
            representative.append(q)
        }
        let quotient = MooreAutomaton(
            symbolCount: k,
            transitions: representative.map { q in reachable.transitions[q].map { $0.map { number[blocks[$0]]! } } },
            initial: number[blocks[reachable.initial]]!, outputs: representative.map { reachable.outputs[$0] })
        return quotient.canonicallyNumbered()
    }

    /// Whether the two automata are equivalent (equal minimized forms: isomorphic minimal automata).
    public func isIsomorphic(to other: MooreAutomaton) -> Bool {
        minimized() == other.minimized()
    }

    /// The shortest word on which the two automata disagree, the first in increasing symbol order
    /// among the shortest; nil when they agree on every word. They disagree where one reaches a
    /// state and the other falls off, or their states' outputs differ (a class against nil
    /// included). A breadth-first search over pairs of states, the dead sink one more state of each.
    public func shortestDisagreement(with other: MooreAutomaton) -> [Int]? {
        precondition(symbolCount == other.symbolCount, "\(symbolCount) symbols against \(other.symbolCount)")
        let deadSelf = stateCount
        let deadOther = other.stateCount
        let width = deadOther + 1
        func disagree(_ p: Int, _ q: Int) -> Bool {
            if p == deadSelf || q == deadOther { return (p == deadSelf) != (q == deadOther) }
            return outputs[p] != other.outputs[q]
        }
        // parent[pair] and via[pair]: the pair it was first reached from, on which symbol.
        var parent = [Int](repeating: -1, count: (deadSelf + 1) * width)
        var via = [Int](repeating: -1, count: (deadSelf + 1) * width)
        let root = initial * width + other.initial
        if disagree(initial, other.initial) { return [] }
        parent[root] = root
        var queue = [root]
        var head = 0
        while head < queue.count {
            let pair = queue[head]
            head += 1
            let (p, q) = (pair / width, pair % width)
            // Both fallen off: they agree on every continuation.
            if p == deadSelf && q == deadOther { continue }
            for a in 0..<symbolCount {
                let p2 = p == deadSelf ? deadSelf : transitions[p][a] ?? deadSelf
                let q2 = q == deadOther ? deadOther : other.transitions[q][a] ?? deadOther
                let next = p2 * width + q2
                guard parent[next] < 0 else { continue }
                parent[next] = pair
                via[next] = a
                if disagree(p2, q2) {
                    var word: [Int] = []
                    var at = next
                    while at != root {
                        word.append(via[at])
                        at = parent[at]
                    }
                    return word.reversed()
                }
                queue.append(next)
            }
        }
        return nil
    }

    /// The same automaton with no answer for the empty input: a new start state that reads like the
    /// initial one and answers nothing. Two automata agree on every non-empty input exactly when these
    /// forms are isomorphic (after minimization), which is how an automaton extracted from a network
    /// trained on lengths from 1 is compared with the task's.
    public func answeringNoEmptyInput() -> MooreAutomaton {
        MooreAutomaton(
            symbolCount: symbolCount, transitions: transitions + [transitions[initial]], initial: stateCount,
            outputs: outputs + [nil])
    }
}
