import Foundation
import ReckonSupport
import ReckonTasks
import Testing

/// The regular tasks' own automata against their generators, and `MooreAutomaton`'s minimization,
/// isomorphism and disagreement search against brute force.
@Suite struct AutomatonTests {
    /// The minimal automaton of each regular task, counted by hand (the comment at each task's
    /// `automaton` argues it) and confirmed by `minimized()`:
    /// - parity_check 2: the parity of the 1s so far;
    /// - even_pairs 5: the empty input, then (last bit, parity of the unequal pairs so far);
    /// - cycle_navigation 5: the position on the cycle;
    /// - modular_arithmetic 50: after a digit, (finished terms s, signed running product t) mod 5
    ///   (25); waiting for a digit after an operator, the same pair (25), the empty input among them.
    /// A new RegularTask in the catalog fails `theRegularTasksAreTheFourNamed` until it has a row.
    static let minimalStateCounts: [String: Int] = [
        "parity_check": 2, "even_pairs": 5, "cycle_navigation": 5, "modular_arithmetic": 50,
    ]

    static let regularNames = TaskCatalog.all.filter { $0 is any RegularTask }.map(\.name)

    @Test func theRegularTasksAreTheFourNamed() {
        for name in ["parity_check", "even_pairs", "cycle_navigation", "modular_arithmetic"] {
            #expect(task(name) is any RegularTask, "\(name) does not expose its automaton")
        }
        #expect(Set(Self.regularNames) == Set(Self.minimalStateCounts.keys))
    }

    /// The automaton's answer is the task's target on every sampled input, at every length 1...60 and
    /// a few long ones; and the automaton is minimal, with the pinned number of states.
    @Test(arguments: regularNames)
    func automatonAnswersAsTheTaskDoesAndIsMinimal(_ name: String) throws {
        let t = try #require(task(name) as? any RegularTask)
        let a = t.automaton
        #expect(a.symbolCount == t.inputSize)
        #expect(a.outputs.allSatisfy { $0 == nil || (0..<t.outputSize).contains($0!) })
        #expect(a.stateCount == Self.minimalStateCounts[name], "\(name): \(a.stateCount) states")
        #expect(a.minimized() == a.canonicallyNumbered(), "\(name) is not minimal")
        #expect(a.minimized().stateCount == a.stateCount)
        var rng = RandomGenerator(seed: 29)
        for length in Array(1...60) + [99, 128, 257, 500, 1000] {
            let batch = t.sample(batchSize: 32, length: length, rng: &rng)
            for b in 0..<batch.batchSize {
                let input = batch.inputRow(b)
                #expect(a.state(after: input) != nil, "\(name) L=\(length) #\(b): the input falls off")
                #expect(a.output(for: input) == batch.targetRow(b)[0], "\(name) L=\(length) #\(b): \(input)")
            }
        }
    }

    /// The reference's docstring examples, and the partial transitions: an expression ending in an
    /// operator has a state but no answer; two digits in a row, or the blank, fall off.
    @Test func modularArithmeticReadsExpressions() throws {
        let t = ModularArithmetic()
        let a = t.automaton
        for (text, value) in [("1 + 2 * 3", 2), ("1 - 1 - 1", 4), ("0 * 1 + 4 * 3 - 2", 0)] {
            #expect(a.output(for: try t.encodeInput(symbols(text))) == value, "\(text)")
        }
        #expect(a.output(for: []) == nil && a.state(after: []) != nil)
        let open = try t.encodeInput(symbols("3 +"))
        #expect(a.state(after: open) != nil && a.output(for: open) == nil)
        #expect(a.state(after: try t.encodeInput(symbols("3 3"))) == nil)
        #expect(a.state(after: try t.encodeInput(symbols("3 _"))) == nil)
        #expect(a.state(after: try t.encodeInput(symbols("_"))) == nil)
    }

    // MARK: - Minimization

    /// A random partial automaton: 1-12 states, 2-3 symbols, few output classes (so states coincide
    /// often), about one transition and one output in five undefined.
    static func randomAutomaton(_ rng: inout RandomGenerator, symbols: Int? = nil) -> MooreAutomaton {
        let n = rng.nextInt(in: 1...12)
        let k = symbols ?? rng.nextInt(in: 2...3)
        let classes = rng.nextInt(in: 1...3)
        let transitions: [[Int?]] = (0..<n).map { _ in
            (0..<k).map { _ in rng.nextInt(below: 5) == 0 ? nil : rng.nextInt(below: n) }
        }
        let outputs: [Int?] = (0..<n).map { _ in rng.nextInt(below: 5) == 0 ? nil : rng.nextInt(below: classes) }
        return MooreAutomaton(
            symbolCount: k, transitions: transitions, initial: rng.nextInt(below: n), outputs: outputs)
    }

    /// What a word observes: whether it falls off, and the output where it does not.
    static func observation(_ a: MooreAutomaton, _ word: [Int]) -> String {
        a.state(after: word) == nil ? "dead" : a.output(for: word).map(String.init) ?? "nil"
    }

    /// Every word over `symbols` of length 0...maxLength, shortest first, in increasing symbol order.
    static func words(symbols: Int, maxLength: Int) -> [[Int]] {
        var all: [[Int]] = [[]]
        var level: [[Int]] = [[]]
        for _ in 0..<maxLength {
            level = level.flatMap { w in (0..<symbols).map { w + [$0] } }
            all += level
        }
        return all
    }

    /// The automaton started in state q.
    static func started(_ a: MooreAutomaton, at q: Int) -> MooreAutomaton {
        var b = a
        b.initial = q
        return b
    }

    /// (a) The minimized automaton answers every word up to length 8 as the original does; no two of
    /// its states are equivalent; and it has as many states as the original has classes of reachable
    /// states under `shortestDisagreement` (an independent search).
    @Test func minimizedAgreesOnEveryWordAndKeepsNoEquivalentStates() {
        var rng = RandomGenerator(seed: 1971)
        let wordsBySymbols = [2: Self.words(symbols: 2, maxLength: 8), 3: Self.words(symbols: 3, maxLength: 8)]
        for trial in 0..<150 {
            let a = Self.randomAutomaton(&rng)
            let m = a.minimized()
            #expect(m.initial == 0 && m.stateCount <= a.stateCount)
            for word in wordsBySymbols[a.symbolCount]! where Self.observation(a, word) != Self.observation(m, word) {
                Issue.record("trial \(trial): \(word) gives \(Self.observation(a, word)), minimized \(m)")
                break
            }
            for i in 0..<m.stateCount {
                for j in (i + 1)..<m.stateCount {
                    #expect(
                        Self.started(m, at: i).shortestDisagreement(with: Self.started(m, at: j)) != nil,
                        "trial \(trial): states \(i) and \(j) of \(m) are equivalent")
                }
            }
            let reachable = a.canonicallyNumbered()
            var classes: [Int] = []
            for q in 0..<reachable.stateCount {
                let s = Self.started(reachable, at: q)
                let known = classes.contains { s.shortestDisagreement(with: Self.started(reachable, at: $0)) == nil }
                if !known { classes.append(q) }
            }
            #expect(classes.count == m.stateCount, "trial \(trial): \(a)")
            #expect(m.minimized() == m, "minimizing twice changes nothing")
        }
    }

    /// The number of classes of reachable states by Moore's naive refinement (split by output and
    /// successors' classes until nothing changes): the oracle for automata too large for words.
    static func naiveClassCount(_ a: MooreAutomaton) -> Int {
        let r = a.canonicallyNumbered()
        var classOf = r.outputs.map { $0.map { $0 + 1 } ?? 0 }
        var count = Set(classOf).count
        while true {
            var ids: [[Int]: Int] = [:]
            let next = (0..<r.stateCount).map { q in
                let signature = [classOf[q]] + r.transitions[q].map { $0.map { classOf[$0] } ?? -1 }
                if let id = ids[signature] { return id }
                ids[signature] = ids.count
                return ids.count - 1
            }
            classOf = next
            if ids.count == count { return count }
            count = ids.count
        }
    }

    /// (a) at sizes words cannot reach: up to 300 states, 2-4 symbols, against Moore's refinement.
    @Test func largeRandomAutomataMinimizeAsNaiveRefinementSays() {
        var rng = RandomGenerator(seed: 1956)
        for trial in 0..<300 {
            let n = rng.nextInt(in: 1...300)
            let k = rng.nextInt(in: 2...4)
            let classes = rng.nextInt(in: 1...3)
            let holes = rng.nextInt(in: 0...10)
            let a = MooreAutomaton(
                symbolCount: k,
                transitions: (0..<n).map { _ in
                    (0..<k).map { _ in rng.nextInt(below: 100) < holes ? nil : rng.nextInt(below: n) }
                },
                initial: 0, outputs: (0..<n).map { _ in rng.nextInt(below: classes) })
            let m = a.minimized()
            #expect(m.stateCount == Self.naiveClassCount(a), "trial \(trial): \(n) states, \(k) symbols")
            #expect(m.shortestDisagreement(with: a) == nil, "trial \(trial)")
        }
    }

    /// (b) A copy with its states permuted is isomorphic, with the same canonical form; changing one
    /// output of a minimal automaton breaks that.
    @Test func relabelledCopiesAreIsomorphic() {
        var rng = RandomGenerator(seed: 2008)
        for trial in 0..<200 {
            let a = Self.randomAutomaton(&rng)
            var permutation = Array(0..<a.stateCount)
            for i in stride(from: permutation.count - 1, to: 0, by: -1) {
                permutation.swapAt(i, rng.nextInt(in: 0...i))
            }
            var transitions = [[Int?]](repeating: [], count: a.stateCount)
            var outputs = [Int?](repeating: nil, count: a.stateCount)
            for q in 0..<a.stateCount {
                transitions[permutation[q]] = a.transitions[q].map { $0.map { permutation[$0] } }
                outputs[permutation[q]] = a.outputs[q]
            }
            let b = MooreAutomaton(
                symbolCount: a.symbolCount, transitions: transitions, initial: permutation[a.initial],
                outputs: outputs)
            #expect(a.isIsomorphic(to: b) && b.isIsomorphic(to: a), "trial \(trial)")
            #expect(a.minimized() == b.minimized())
            #expect(a.canonicallyNumbered() == b.canonicallyNumbered())
            #expect(a.shortestDisagreement(with: b) == nil)

            var changed = a.minimized()
            let q = rng.nextInt(below: changed.stateCount)
            changed.outputs[q] = changed.outputs[q] == nil ? 7 : nil
            #expect(!a.isIsomorphic(to: changed), "trial \(trial): state \(q) of \(a.minimized())")
        }
    }

    /// (c) Parity with each state doubled (even, odd, even', odd' around a ring of 1s) minimizes to
    /// parity_check's two states; a counter mod 1000 that answers the count mod 10 to a 10-cycle.
    @Test func duplicatedStatesMerge() {
        let doubled = MooreAutomaton(
            symbolCount: 2, transitions: [[0, 1], [1, 2], [2, 3], [3, 0]], initial: 0, outputs: [0, 1, 0, 1])
        #expect(doubled.minimized().stateCount == 2)
        #expect(doubled.minimized() == ParityCheck().automaton)
        #expect(doubled.isIsomorphic(to: ParityCheck().automaton))

        let n = 1000
        let counter = MooreAutomaton(
            symbolCount: 2, transitions: (0..<n).map { [$0, ($0 + 1) % n] }, initial: 0,
            outputs: (0..<n).map { $0 % 10 })
        let ten = MooreAutomaton(
            symbolCount: 2, transitions: (0..<10).map { [$0, ($0 + 1) % 10] }, initial: 0,
            outputs: (0..<10).map { $0 })
        #expect(counter.minimized() == ten.minimized())
        #expect(counter.minimized().stateCount == 10)
    }

    /// Unreachable states go; a state equal in output to the dead sink but defined stays.
    @Test func unreachableStatesGoAndTheDeadSinkIsNoState() {
        let a = MooreAutomaton(
            symbolCount: 2, transitions: [[1, nil], [nil, nil], [0, 0]], initial: 0, outputs: [0, nil, 1])
        let m = a.minimized()
        #expect(m.stateCount == 2, "state 2 is unreachable; state 1 (no answer, no moves) is not the sink")
        #expect(m.output(for: [0]) == nil && m.state(after: [0]) != nil && m.state(after: [1]) == nil)
    }

    /// (d) Known shortest disagreements: parity against "count of 1s mod 3 is 1" first differs at
    /// three 1s; falling off against a state without an answer; different answers on the empty word.
    @Test func shortestDisagreementFindsTheKnownWord() {
        let parity = ParityCheck().automaton
        let modThree = MooreAutomaton(
            symbolCount: 2, transitions: [[0, 1], [1, 2], [2, 0]], initial: 0, outputs: [0, 1, 0])
        #expect(parity.shortestDisagreement(with: modThree) == [1, 1, 1])
        #expect(modThree.shortestDisagreement(with: parity) == [1, 1, 1])
        #expect(parity.shortestDisagreement(with: parity) == nil)

        let partial = MooreAutomaton(symbolCount: 2, transitions: [[0, 1], [nil, 0]], initial: 0, outputs: [0, 1])
        #expect(parity.shortestDisagreement(with: partial) == [1, 0])
        let silent = MooreAutomaton(
            symbolCount: 2, transitions: [[0, 1], [2, 0], [2, 2]], initial: 0, outputs: [0, 1, nil])
        #expect(partial.shortestDisagreement(with: silent) == [1, 0], "falling off is not a state without answer")

        let other = MooreAutomaton(symbolCount: 2, transitions: [[0, 1], [1, 0]], initial: 0, outputs: [1, 0])
        #expect(parity.shortestDisagreement(with: other) == [])
        #expect(!parity.isIsomorphic(to: other))
    }

    /// Against brute force over words in order: the search finds the first disagreeing word, shortest
    /// first and then in increasing symbol order.
    @Test func shortestDisagreementIsTheFirstDisagreeingWord() {
        var rng = RandomGenerator(seed: 500)
        let allWords = [2: Self.words(symbols: 2, maxLength: 6), 3: Self.words(symbols: 3, maxLength: 6)]
        for trial in 0..<300 {
            let k = rng.nextInt(in: 2...3)
            let a = Self.randomAutomaton(&rng, symbols: k)
            let b = Self.randomAutomaton(&rng, symbols: k)
            let found = a.shortestDisagreement(with: b)
            let first = allWords[k]!.first { Self.observation(a, $0) != Self.observation(b, $0) }
            if let first {
                #expect(found == first, "trial \(trial)")
            } else {
                #expect(found == nil || found!.count > 6, "trial \(trial)")
            }
            #expect((found == nil) == a.isIsomorphic(to: b), "trial \(trial)")
        }
    }

    @Test func codableRoundTripsAndRejectsBadShapes() throws {
        let a = ModularArithmetic().automaton
        let data = try JSONEncoder().encode(a)
        #expect(try JSONDecoder().decode(MooreAutomaton.self, from: data) == a)
        let bad = #"{"symbolCount": 2, "transitions": [[0, 3]], "initial": 0, "outputs": [null]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MooreAutomaton.self, from: Data(bad.utf8)) }
        let short = #"{"symbolCount": 2, "transitions": [[0]], "initial": 0, "outputs": [1]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MooreAutomaton.self, from: Data(short.utf8)) }
    }
}
