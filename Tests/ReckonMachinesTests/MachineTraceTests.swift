import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// What every catalog machine records into `ForwardContext.trace` (`reckon inspect`), and that
/// recording changes nothing it computes. The arguments are the catalog's names, so a machine added
/// to the catalog without a row in `expected` fails `recordsWhatItsRowSays` by name.
@Suite struct MachineTraceTests {
    /// How many steps a per-step series holds, for a tape of the input, no computation steps and
    /// one blank per output.
    enum Steps {
        /// One per tape step.
        case tape
        /// One per tape step but the last (a stack or tape machine's last update is read by no one).
        case tapeLessOne
        /// One per input position (an encoder–decoder's encoder reads the input alone).
        case input
        /// The input and the separator a decoder-only model reads before it answers.
        case prompt
    }

    /// One series a machine must record.
    enum Expected {
        /// Per-step [B, K] values; a `.weights` row splits into consecutive groups of `groupSize`
        /// (nil: the whole row) that each sum to 1.
        case perStep(String, MachineTrace.Kind, Steps, groupSize: Int? = nil)
        /// Encoder layer `layer`'s attention [B, heads, n, n] over `length` positions.
        case attention(layer: Int, heads: Int, length: Steps)
    }

    /// Every catalog machine's series. An empty list says the machine records nothing.
    static let expected: [String: [Expected]] = {
        let hidden = Expected.perStep(TraceName.hidden, .state, .tape)
        // One softmax over every stack's actions, as the reference's StackRNNCore (softmax over the
        // n_stacks·3 logits, then the reshape): with the tiny plan's 2 stacks a row sums to 1, each
        // stack's 3 do not (0.41 to 0.59 measured). The tape machine's softmax is per tape.
        let stack: [Expected] = [
            hidden, .perStep(TraceName.stackActions, .weights, .tapeLessOne),
            .perStep(TraceName.stackTop, .values, .tapeLessOne),
        ]
        let act: [Expected] = [hidden, .perStep(TraceName.ponder, .count, .tape)]
        let memory: [Expected] = [
            .perStep(TraceName.readWeights, .weights, .tape), .perStep(TraceName.writeWeights, .weights, .tape),
        ]
        return [
            "rnn": [hidden], "lstm": [hidden], "gru": [hidden],
            "stack_rnn": stack, "stack_lstm": stack,
            // The nondeterministic stack keeps a distribution over configurations, not actions: nothing yet.
            "ndstack_rnn": [],
            "tape_rnn": [
                hidden, .perStep(TraceName.tapeActions, .weights, .tapeLessOne, groupSize: 5),
                .perStep(TraceName.tapeCells, .values, .tapeLessOne),
            ],
            // Both machines built on TransformerEncoder record its layers (2 and 1 in the tiny plans);
            // the encoder–decoder's encoder reads the input without the output blanks.
            "transformer_encoder": [
                .attention(layer: 0, heads: 2, length: .tape), .attention(layer: 1, heads: 2, length: .tape),
            ],
            "transformer": [.attention(layer: 0, heads: 2, length: .input)],
            // A decoder-only model records its prompt pass (the decoding steps run on a key/value cache);
            // a looped model its block at every iteration, counted as layers in the order they ran.
            "transformer_lm": [
                .attention(layer: 0, heads: 2, length: .prompt), .attention(layer: 1, heads: 2, length: .prompt),
            ],
            "looped_transformer": (0..<4).map { .attention(layer: $0, heads: 2, length: .tape) },
            "ntm": memory + [hidden], "ttm": memory, "memn2n": [],
            "pointer_net": [], "seq2seq_lstm": [], "seq2seq_attention": [],
            "nau": [], "nmu": [], "nac": [], "nalu": [], "linear": [],
            "act_rnn": act, "act_lstm": act, "act_gru": act,
            // ACT halting per position (the tiny plan keeps the default `halting: act`).
            "universal_transformer": [
                .perStep(TraceName.ponder, .count, .tape), .attention(layer: 0, heads: 2, length: .tape),
                .attention(layer: 1, heads: 2, length: .tape),
            ],
            "mamba": [hidden], "deltanet": [hidden], "gated_deltanet": [hidden], "linear_rnn": [hidden],
            "grok_transformer": [], "grok_mlp": [], "ctw": [],
        ]
    }()

    /// The machines automaton extraction steps one symbol at a time (`RecurrentStepping`).
    static let stepping: Set<String> = ["rnn", "lstm", "gru"]

    static let batch = 2
    static let outputSize = 2

    /// A tiny instance of `name` (its MachineCatalogTests plan) and an input for it: 4 tokens over
    /// a vocabulary of 3 and 3 outputs; table machines `x y =` and one output; arithmetic units
    /// real vectors and one output.
    static func instance(_ name: String) throws -> (machine: any Machine, input: Tensor, outputLength: Int) {
        let plan = try #require(MachineCatalogTests.plans[name])
        if plan.arithmetic {
            let machine = try MachineTestKit.make(name, inputSize: 6, outputSize: 1, plan.tiny)
            return (machine, ArithmeticMachineTests.inputs(batch, 6, seed: 1), 1)
        }
        var rng = RandomGenerator(seed: 11)
        let length = plan.table ? 3 : 4
        let rows = (0..<batch).map { _ in (0..<length).map { _ in rng.nextInt(below: 3) } }
        let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: outputSize, plan.tiny)
        return (machine, MachineTestKit.oneHotBatch(rows, vocab: 3), plan.table ? 1 : 3)
    }

    static func logits(_ machine: any Machine, _ input: Tensor, outputLength: Int, trace: MachineTrace?) -> Tensor {
        machine.withoutGradients {
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 7))
            context.trace = trace
            return machine.logits(input: input, outputLength: outputLength, targets: nil, context: &context)
        }
    }

    @Test(arguments: MachineCatalog.names)
    func hasATraceExpectation(name: String) {
        #expect(Self.expected[name] != nil, "\(name) is in MachineCatalog but has no row in MachineTraceTests.expected")
    }

    @Test func everyExpectationNamesACatalogMachine() {
        #expect(Set(Self.expected.keys).subtracting(MachineCatalog.names).isEmpty)
    }

    /// Tracing changes no logit, bit for bit, and the trace holds exactly the row's series.
    @Test(arguments: MachineCatalog.names)
    func recordsWhatItsRowSays(name: String) throws {
        let expected = try #require(Self.expected[name], "\(name) has no trace expectation")
        let (machine, input, outputLength) = try Self.instance(name)
        let plain = Self.logits(machine, input, outputLength: outputLength, trace: nil)
        let trace = MachineTrace()
        let traced = Self.logits(machine, input, outputLength: outputLength, trace: trace)
        #expect(plain.shape == traced.shape)
        #expect(plain.scalars.map(\.bitPattern) == traced.scalars.map(\.bitPattern), "\(name): tracing moved a logit")

        let names = expected.map { e -> String in
            switch e {
            case .perStep(let n, _, _, _): return n
            case .attention(let layer, _, _): return TraceName.attention(layer: layer)
            }
        }
        #expect(trace.series.map(\.name).sorted() == names.sorted(), "\(name)")
        let inputLength = input.shape[1]
        let tapeLength = inputLength + outputLength
        func count(_ steps: Steps) -> Int {
            switch steps {
            case .tape: return tapeLength
            case .tapeLessOne: return tapeLength - 1
            case .input: return inputLength
            case .prompt: return inputLength + 1
            }
        }
        for e in expected {
            switch e {
            case .perStep(let seriesName, let kind, let steps, let groupSize):
                let series = try #require(trace.series(named: seriesName), "\(name): no '\(seriesName)'")
                checkPerStep(series, machine: name, kind: kind, steps: count(steps), groupSize: groupSize)
            case .attention(let layer, let heads, let length):
                let series = try #require(trace.series(named: TraceName.attention(layer: layer)), "\(name)")
                checkAttention(series, machine: name, heads: heads, length: count(length))
            }
        }
    }

    func checkPerStep(
        _ series: MachineTrace.Series, machine: String, kind: MachineTrace.Kind, steps: Int, groupSize: Int?
    ) {
        let label = "\(machine) '\(series.name)'"
        #expect(series.kind == kind, "\(label)")
        #expect(series.firstStep == 0, "\(label)")
        #expect(series.values.count == steps, "\(label): \(series.values.count) steps, expected \(steps)")
        guard let width = series.values.first?.shape.last else { return }
        for v in series.values {
            #expect(v.shape == [Self.batch, width], "\(label): step shape \(v.shape)")
        }
        switch kind {
        case .state: #expect(series.labels.isEmpty && width > 0, "\(label)")
        case .count: #expect(width == 1, "\(label)")
        default: #expect(series.labels.count == width, "\(label): \(series.labels.count) labels, K = \(width)")
        }
        for b in 0..<Self.batch {
            for (t, row) in series.steps(ofItem: b).enumerated() {
                #expect(row.allSatisfy { $0.isFinite }, "\(label) item \(b) step \(t): \(row)")
                if kind == .count {
                    // ACT's N + R: at least one step at every position.
                    #expect(row[0] >= 1 - 1e-5, "\(label) item \(b) step \(t): ponder \(row[0])")
                }
                guard kind == .weights else { continue }
                let size = groupSize ?? width
                #expect(width % size == 0, "\(label)")
                for g in stride(from: 0, to: width, by: size) {
                    let sum = row[g..<(g + size)].reduce(0, +)
                    #expect(abs(sum - 1) <= 1e-4, "\(label) item \(b) step \(t) group \(g / size): sum \(sum)")
                    #expect(row[g..<(g + size)].allSatisfy { $0 >= 0 }, "\(label)")
                }
            }
        }
    }

    func checkAttention(_ series: MachineTrace.Series, machine: String, heads: Int, length: Int) {
        let label = "\(machine) '\(series.name)'"
        #expect(series.kind == .attention, "\(label)")
        #expect(series.values.count == 1, "\(label)")
        guard let p = series.values.first else { return }
        #expect(p.shape == [Self.batch, heads, length, length], "\(label): \(p.shape)")
        let s = p.scalars
        for row in stride(from: 0, to: s.count, by: length) {
            let sum = s[row..<(row + length)].reduce(0, +)
            #expect(abs(sum - 1) <= 1e-4, "\(label): row \(row / length) sums to \(sum)")
        }
    }

    /// The traced attention is recomputed from the layer's own score terms: under every positional
    /// encoding, masked or not, it changes no logit, its rows are distributions, and a causal
    /// encoder puts no weight on later positions.
    @Test(arguments: PositionalEncoding.allCases.map(\.rawValue), [false, true])
    func attentionUnderEveryEncoding(encoding: String, causal: Bool) throws {
        let machine = try MachineTestKit.make(
            "transformer_encoder", inputSize: 3, outputSize: Self.outputSize,
            TransformerMachineTests.tiny(encoding, layers: 1, ["causal_masking": "\(causal)"]))
        let input = MachineTestKit.oneHotBatch([[0, 1, 2, 1], [2, 2, 0, 1]], vocab: 3)
        let plain = Self.logits(machine, input, outputLength: 3, trace: nil)
        let trace = MachineTrace()
        let traced = Self.logits(machine, input, outputLength: 3, trace: trace)
        #expect(plain.scalars.map(\.bitPattern) == traced.scalars.map(\.bitPattern), "\(encoding)")
        let series = try #require(trace.series(named: TraceName.attention(layer: 0)))
        checkAttention(series, machine: "transformer_encoder \(encoding)", heads: 2, length: 7)
        guard causal, let p = series.values.first?.scalars else { return }
        for (i, value) in p.enumerated() {
            let (query, key) = ((i / 7) % 7, i % 7)
            if key > query { #expect(value < 1e-6, "\(encoding): query \(query) attends to key \(key): \(value)") }
        }
    }

    /// The machines that conform to `RecurrentStepping` are exactly the ones tested below.
    @Test func steppingMachinesAreTheListedOnes() throws {
        let conforming = try MachineCatalog.names.filter { try Self.instance($0).machine is any RecurrentStepping }
        #expect(Set(conforming) == Self.stepping)
    }

    /// Stepping `next` over the tape from `initialState` and reading `emission` gives the machine's
    /// own logits at every tape position; `stateWidth` is the state's width.
    @Test(arguments: ["rnn", "lstm", "gru"])
    func steppingReproducesForward(name: String) throws {
        let machine = try #require(try Self.instance(name).machine as? any RecurrentStepping)
        var rng = RandomGenerator(seed: 3)
        let inputLength = 5
        let outputLength = 3
        let rows = (0..<3).map { _ in (0..<inputLength).map { _ in rng.nextInt(below: 3) } }
        let tape = Readout.tape(
            MachineTestKit.oneHotBatch(rows, vocab: 3), outputLength: outputLength, computationStepsMultiplier: 0)
        let steps = tape.shape[1]
        let width = tape.shape[2]
        machine.withoutGradients {
            var context = ForwardContext.evaluation
            let forward = machine.forward(tape, inputLength: inputLength, context: &context)
            var state = machine.initialState(batch: 3)
            #expect(state.shape == [3, machine.stateWidth], "\(name)")
            for t in 0..<steps {
                state = machine.next(state, reading: tape.slice(axis: 1, t..<(t + 1)).reshaped([3, width]))
                #expect(state.shape == [3, machine.stateWidth], "\(name)")
                let emitted = machine.emission(state).scalars
                let expected = forward.slice(axis: 1, t..<(t + 1)).reshaped([3, Self.outputSize]).scalars
                let gap = zip(emitted, expected).map { abs($0 - $1) }.max() ?? .infinity
                #expect(gap <= 1e-5, "\(name) step \(t): stepped logits differ from forward's by \(gap)")
            }
        }
    }
}
