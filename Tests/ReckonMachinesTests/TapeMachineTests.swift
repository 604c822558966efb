@testable import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// tape_rnn: end-to-end checks, and the tape update against hand-set actions and against the
/// reference's rolled-identity formulation.
@Suite struct TapeMachineTests {
    /// Two tapes and computation steps (the single-tape default is in MachineCatalogTests).
    @Test(arguments: [["hidden_size": "4", "memory_size": "4", "memory_cell_size": "2", "n_tapes": "2",
                       "computation_steps_mult": "1"]])
    func gradientCheck(overrides: [String: String]) throws {
        let machine = try MachineTestKit.make("tape_rnn", inputSize: 3, outputSize: 2, overrides)
        var rng = RandomGenerator(seed: 5)
        let x = MachineTestKit.oneHotBatch((0..<2).map { _ in (0..<3).map { _ in rng.nextInt(below: 3) } }, vocab: 3)
        let failures = MachineTestKit.gradientCheck(machine, input: x, outputLength: 3)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func registeredDefaults() throws {
        let d = try MachineCatalog.spec(named: "tape_rnn").defaults
        #expect(d.values["hidden_size"] == .int(256) && d.values["memory_cell_size"] == .int(8) && d.values["memory_size"] == .int(40)
                && d.values["n_tapes"] == .int(1) && d.values["computation_steps_mult"] == .int(0))
        let machine = try MachineTestKit.make("tape_rnn", inputSize: 3, outputSize: 2, ["n_tapes": "2"]) as! TapeRNN
        #expect(machine.writeLayers.map(\.weight.shape) == [[256, 64], [64, 64], [64, 16]])
        #expect(machine.actionLayers.map(\.weight.shape) == [[256, 5], [256, 5]])
        #expect(machine.controller.inputWidth == 4 && machine.controller.readWidth == 16)
    }

    // MARK: Tape update

    /// A [1, M, 1] tape holding 10, 11, ..., 10 + M − 1.
    static func numbered(_ size: Int) -> Tensor { Tensor((0..<size).map { Float(10 + $0) }, shape: [1, size, 1]) }
    static func action(_ k: Int) -> Tensor { oneHot([k], idShape: [1], depth: TapeUpdate.actionCount) }
    static func apply(_ tape: Tensor, _ k: Int, write: Float, inputLength: Int) -> [Float] {
        TapeUpdate.apply(memory: tape, actions: action(k), writeValue: Tensor([write], shape: [1, 1]), inputLength: inputLength).scalars
    }

    @Test func writeReplacesTheCellUnderTheHead() {
        #expect(Self.apply(Self.numbered(5), TapeUpdate.stay, write: 7, inputLength: 2) == [7, 11, 12, 13, 14])
    }

    @Test func stepsMoveTheHeadByOneCell() {
        // After "left" the head reads the cell after the one it wrote; after "right" the one before.
        #expect(Self.apply(Self.numbered(5), TapeUpdate.left, write: 7, inputLength: 2) == [11, 12, 13, 14, 7])
        #expect(Self.apply(Self.numbered(5), TapeUpdate.right, write: 7, inputLength: 2) == [14, 7, 11, 12, 13])
    }

    @Test func jumpsMoveTheHeadByTheInputLength() {
        let tape = Self.numbered(7)
        for length in [2, 3] {
            let left = Self.apply(tape, TapeUpdate.jumpLeft, write: 7, inputLength: length)
            #expect(left[0] == Float(10 + length))   // the head now reads the cell `length` after
            #expect(left[(7 - length) % 7] == 7)       // and the written cell is `length` behind it
            let right = Self.apply(tape, TapeUpdate.jumpRight, write: 7, inputLength: length)
            #expect(right[0] == Float(10 + 7 - length))
            #expect(right[length] == 7)
            // A jump right undoes a jump left.
            let back = TapeUpdate.apply(memory: Tensor(left, shape: [1, 7, 1]), actions: Self.action(TapeUpdate.jumpRight),
                                        writeValue: Tensor([left[0]], shape: [1, 1]), inputLength: length).scalars
            #expect(back == [7, 11, 12, 13, 14, 15, 16])
        }
        // Jumps wrap: a jump by the tape size stays put.
        #expect(Self.apply(tape, TapeUpdate.jumpLeft, write: 7, inputLength: 7) == [7, 11, 12, 13, 14, 15, 16])
        #expect(Self.apply(tape, TapeUpdate.jumpLeft, write: 7, inputLength: 9) == Self.apply(tape, TapeUpdate.jumpLeft, write: 7, inputLength: 2))
    }

    /// The reference's update: Σ_k a_k · roll(eye(M), shift_k, axis 0) · w̃, with shifts 0, −1, 1, −ℓ, ℓ.
    static func referenceTapeUpdate(_ m: [[[Float]]], _ a: [[Float]], _ w: [[Float]], inputLength: Int) -> [[[Float]]] {
        let size = m[0].count
        let shifts = [0, -1, 1, -inputLength, inputLength]
        return m.indices.map { b in
            var written = m[b]
            written[0] = w[b]
            return (0..<size).map { i in
                (0..<written[0].count).map { c in
                    var v: Float = 0
                    for (k, shift) in shifts.enumerated() {
                        // roll(eye, shift, axis 0)[i, j] = eye[(i − shift) mod M, j].
                        let j = ((i - shift) % size + size) % size
                        v += a[b][k] * written[j][c]
                    }
                    return v
                }
            }
        }
    }

    @Test func mixedActionsMatchTheReferenceFormula() {
        var rng = RandomGenerator(seed: 13)
        let (b, size, c, length) = (3, 6, 2, 4)
        let tape = Tensor.normal([b, size, c], rng: &rng), write = Tensor.normal([b, c], rng: &rng)
        let actions = Tensor.normal([b, 5], rng: &rng).softmax(axis: -1)
        let got = TapeUpdate.apply(memory: tape, actions: actions, writeValue: write, inputLength: length).scalars
        let m = (0..<b).map { bb in (0..<size).map { i in (0..<c).map { tape[[bb, i, $0]] } } }
        let a = (0..<b).map { bb in (0..<5).map { actions[[bb, $0]] } }
        let w = (0..<b).map { bb in (0..<c).map { write[[bb, $0]] } }
        let want = Self.referenceTapeUpdate(m, a, w, inputLength: length).flatMap { $0.flatMap { $0 } }
        #expect(zip(got, want).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// The jump length comes from the task input length, not from the padded tape.
    @Test func outputsDependOnTheInputLength() throws {
        let machine = try MachineTestKit.make("tape_rnn", inputSize: 2, outputSize: 2, ["hidden_size": "8", "memory_size": "6"])
        let tape = Readout.tape(MachineTestKit.oneHotBatch([[0, 1, 1]], vocab: 2), outputLength: 3, computationStepsMultiplier: 0)
        var ctx = ForwardContext.evaluation
        let a = machine.forward(tape, inputLength: 3, context: &ctx).scalars
        let b = machine.forward(tape, inputLength: 2, context: &ctx).scalars
        #expect(a != b)
        #expect(machine.forward(tape, inputLength: 3, context: &ctx).scalars == a)
    }
}
