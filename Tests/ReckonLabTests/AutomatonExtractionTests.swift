import Foundation
import ReckonLab
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Automaton extraction on machines built by hand to compute a finite automaton exactly: the
/// extraction must find that automaton, and compare it with the task's honestly.
@Suite struct AutomatonExtractionTests {
    /// A recurrent machine whose state is the one-hot vector of a finite automaton's state: a tape
    /// symbol moves it by `transitions` (any other column of the tape, the answer blank included,
    /// leaves it), and it emits 10 for its state's class and 0 for the others.
    final class HandAutomaton: Module, Machine, RecurrentStepping {
        let transitions: [[Int]]
        let outputs: [Int]
        let classes: Int
        let computationStepsMultiplier: Int

        init(transitions: [[Int]], outputs: [Int], classes: Int, computationSteps: Int = 0) {
            self.transitions = transitions
            self.outputs = outputs
            self.classes = classes
            computationStepsMultiplier = computationSteps
            super.init()
        }

        var stateWidth: Int { transitions.count }

        /// The index of the largest entry of each row of [B, W].
        private static func argmax(_ t: Tensor) -> [Int] {
            let w = t.shape[1]
            let s = t.scalars
            return (0..<t.shape[0]).map { b in
                let row = s[(b * w)..<((b + 1) * w)]
                return row.firstIndex(of: row.max()!)! - b * w
            }
        }

        private func oneHotStates(_ states: [Int]) -> Tensor {
            oneHot(states, idShape: [states.count], depth: stateWidth)
        }

        func initialState(batch: Int) -> Tensor { oneHotStates([Int](repeating: 0, count: batch)) }

        func next(_ state: Tensor, reading x: Tensor) -> Tensor {
            let symbols = Self.argmax(x)
            return oneHotStates(
                zip(Self.argmax(state), symbols).map { q, a in a < transitions[q].count ? transitions[q][a] : q })
        }

        func emission(_ state: Tensor) -> Tensor {
            let states = Self.argmax(state)
            return oneHot(states.map { outputs[$0] }, idShape: [states.count], depth: classes) * 10
        }

        func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
            let (batch, steps, width) = (x.shape[0], x.shape[1], x.shape[2])
            var state = initialState(batch: batch)
            var outs: [Tensor] = []
            for t in 0..<steps {
                state = next(state, reading: x.slice(axis: 1, t..<(t + 1)).reshaped([batch, width]))
                outs.append(emission(state))
            }
            return stack(outs, axis: 1)
        }
    }

    /// Parity: state 0 even, 1 odd; symbol 1 swaps them.
    static var parity: HandAutomaton { HandAutomaton(transitions: [[0, 1], [1, 0]], outputs: [0, 1], classes: 2) }
    /// The count of 1s mod 3, answering 1 when it is 1: the same answers as parity for up to two 1s.
    static var countMod3: HandAutomaton {
        HandAutomaton(transitions: [[0, 1], [1, 2], [2, 0]], outputs: [0, 1, 0], classes: 2)
    }
    /// cycle_navigation: symbols -1, 0, +1 move around a 5-cycle; the class is the position.
    static var cycle: HandAutomaton {
        HandAutomaton(
            transitions: (0..<5).map { q in [(q + 4) % 5, q, (q + 1) % 5] }, outputs: Array(0..<5), classes: 5)
    }

    static func settings(_ features: AutomatonExtraction.Features = .behaviour) -> AutomatonExtraction.Settings {
        var s = AutomatonExtraction.Settings(maxLength: 30)
        s.features = features
        s.samples = 400
        s.heldOut = 200
        s.maxClusters = 8
        s.perLength = 16
        s.seed = 1
        return s
    }

    static func extract(
        _ machine: any Machine, on taskName: String, features: AutomatonExtraction.Features = .behaviour
    ) throws -> AutomatonExtractionResult {
        let task = try TaskCatalog.task(named: taskName)
        return try AutomatonExtraction(
            machine: machine, task: task, head: OutputHeads.head(for: task),
            source: .init(run: "hand", model: "hand", step: 0, trainLength: 8), settings: settings(features)
        ).extract()
    }

    @Test func handParityMachineYieldsTheTasksTwoStates() throws {
        let result = try Self.extract(Self.parity, on: "parity_check")
        #expect(result.extracted.stateCount == 2)
        #expect(result.isomorphic)
        #expect(result.disagreement == nil)
        #expect(result.clusters == 2)
        #expect(result.heldOutAgreement == 1)
        #expect(result.lengths.map(\.length) == Array(1...30))
        for l in result.lengths {
            #expect(
                l.automatonAndTask == 1 && l.automatonAndNetwork == 1 && l.networkAndTask == 1, "length \(l.length)")
        }
        #expect(result.worstTaskAgreement == 1)
        // Every prefix of the 400 sampled strings, the empty one included: 50 at each length 1...8.
        #expect(result.statesCollected == 400 + (1...8).reduce(0) { $0 + 50 * $1 })
        let decoded = try JSONDecoder().decode(AutomatonExtractionResult.self, from: try result.jsonData())
        #expect(decoded.extracted == result.extracted && decoded.isomorphic)
    }

    /// A machine that learned something else: its automaton is its own, and the comparison names
    /// the shortest input where it and the task part: three 1s (count 3 ≡ 0 answers 0, parity 1).
    @Test func countingMod3IsNotParityAndTheReportSaysWhere() throws {
        let result = try Self.extract(Self.countMod3, on: "parity_check")
        #expect(result.extracted.stateCount == 3)
        #expect(!result.isomorphic)
        let disagreement = try #require(result.disagreement)
        #expect(disagreement.input == ["1", "1", "1"])
        #expect(disagreement.extracted == "0")
        #expect(disagreement.task == "1")
        #expect(disagreement.network == "0")
        #expect(result.lengths.allSatisfy { $0.automatonAndNetwork == 1 }, "the automaton is the network's")
        #expect(result.worstTaskAgreement < 1)
        // Up to two 1s the answers agree: every string of length 1 and 2.
        #expect(result.lengths.prefix(2).allSatisfy { $0.automatonAndTask == 1 })
        #expect(result.lengths.contains { $0.length >= 3 && $0.automatonAndTask < 1 })
    }

    /// Both kinds of features find the hand machines' automata: their states are exact one-hots, so
    /// the vectors cluster as cleanly as the answers do.
    @Test(arguments: AutomatonExtraction.Features.allCases)
    func handCycleMachineHasFiveStates(features: AutomatonExtraction.Features) throws {
        let result = try Self.extract(Self.cycle, on: "cycle_navigation", features: features)
        #expect(result.features == features.rawValue)
        #expect(result.probeDepth == (features == .behaviour ? 2 : nil))
        #expect(result.extracted.stateCount == 5)
        #expect(result.isomorphic)
        #expect(result.disagreement == nil)
        #expect(result.worstTaskAgreement == 1)
        #expect(result.lengths.allSatisfy { $0.automatonAndNetwork == 1 && $0.networkAndTask == 1 })
    }

    @Test func problemsNameTheirReason() throws {
        let parity = try TaskCatalog.task(named: "parity_check")
        #expect(AutomatonExtraction.problem(task: parity, machine: Self.parity, model: "hand") == nil)

        var rng = RandomGenerator(seed: 0)
        let stackSpec = try MachineCatalog.spec(named: "stack_rnn")
        let stackMachine = stackSpec.make(
            inputSize: 2, outputSize: 2, settings: try stackSpec.resolve(["hidden_size": "4"]), rng: &rng)
        let notRecurrent = try #require(
            AutomatonExtraction.problem(task: parity, machine: stackMachine, model: "stack_rnn"))
        #expect(notRecurrent.contains("'stack_rnn'") && notRecurrent.contains("rnn, lstm, gru"), "\(notRecurrent)")

        let reverse = try TaskCatalog.task(named: "reverse_string")
        let noAutomaton = try #require(AutomatonExtraction.problem(task: reverse, machine: Self.parity, model: "hand"))
        #expect(noAutomaton.contains("'reverse_string' has none"), "\(noAutomaton)")
        for name in ["even_pairs", "parity_check", "cycle_navigation", "modular_arithmetic"] {
            #expect(noAutomaton.contains(name), "\(noAutomaton)")
        }

        let computing = HandAutomaton(
            transitions: [[0, 1], [1, 0]], outputs: [0, 1], classes: 2, computationSteps: 1)
        let steps = try #require(AutomatonExtraction.problem(task: parity, machine: computing, model: "hand"))
        #expect(steps.contains("computation steps") && steps.contains("computation_steps_mult 1"), "\(steps)")
        for reason in [notRecurrent, noAutomaton, steps] { #expect(!reason.contains("\n")) }

        // extract() refuses with the same line.
        #expect(throws: LabError.invalidOption(noAutomaton)) {
            try AutomatonExtraction(
                machine: Self.parity, task: reverse, head: OutputHeads.head(for: reverse),
                source: .init(run: "hand", model: "hand", step: 0, trainLength: 4), settings: Self.settings()
            ).extract()
        }
    }
}
