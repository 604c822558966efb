@testable import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// stack_rnn, stack_lstm and ndstack_rnn: variants beyond MachineCatalogTests, and the stack updates against
/// hand-set actions and against element-by-element transcriptions of the reference.
@Suite struct StackMachineTests {
    @Test func ndstackReadingStatesGradientCheck() throws {
        let machine = try MachineTestKit.make("ndstack_rnn", inputSize: 2, outputSize: 2,
                                              ["hidden_size": "4", "stack_states": "2", "stack_symbols": "3", "read_states": "true"])
        let x = MachineTestKit.oneHotBatch([[0, 1, 1], [1, 0, 0]], vocab: 2)
        let failures = MachineTestKit.gradientCheck(machine, input: x, outputLength: 2)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func registeredDefaults() throws {
        for name in ["stack_rnn", "stack_lstm"] {
            let d = try MachineCatalog.spec(named: name).defaults
            #expect(d.values["hidden_size"] == .int(256) && d.values["stack_cell_size"] == .int(8) && d.values["stack_size"] == .int(30)
                    && d.values["n_stacks"] == .int(1) && d.values["computation_steps_mult"] == .int(0))
        }
        let nd = try MachineCatalog.spec(named: "ndstack_rnn").defaults
        #expect(nd.values["hidden_size"] == .int(256) && nd.values["stack_states"] == .int(2) && nd.values["stack_symbols"] == .int(2)
                && nd.values["stack_size"] == .int(30) && nd.values["read_states"] == .bool(false))
        let lstm = try MachineTestKit.make("stack_lstm", inputSize: 3, outputSize: 2, [:])
        #expect(lstm is StackRNN && lstm.parameterCount == (4 + 8 + 256) * 1024 + 1024 + 256 * 11 + 11 + 256 * 2 + 2)
    }

    // MARK: Deterministic stack

    static func stackOf(_ rows: [[Float]]) -> Tensor { Tensor(rows.flatMap { $0 }, shape: [1, rows.count, rows[0].count]) }
    static func rows(_ t: Tensor) -> [[Float]] {
        let c = t.shape[2]
        return stride(from: 0, to: t.count, by: c).map { Array(t.scalars[$0..<($0 + c)]) }
    }
    static var pushAction: Tensor { Tensor([1, 0, 0], shape: [1, 3]) }
    static var popAction: Tensor { Tensor([0, 1, 0], shape: [1, 3]) }
    static var noOpAction: Tensor { Tensor([0, 0, 1], shape: [1, 3]) }

    @Test func pushThenPopReturnsThePushedVector() {
        let start = Self.stackOf([[1, 2], [3, 4], [5, 6]])
        let pushed = StackUpdate.apply(stack: start, actions: Self.pushAction, pushValue: Tensor([7, 8], shape: [1, 2]))
        // The bottom row falls off.
        #expect(Self.rows(pushed) == [[7, 8], [1, 2], [3, 4]])
        let popped = StackUpdate.apply(stack: pushed, actions: Self.popAction, pushValue: Tensor([9, 9], shape: [1, 2]))
        #expect(Self.rows(popped) == [[1, 2], [3, 4], [0, 0]])
        // Popping the pushed value exposes the old top; the pushed vector was the top in between.
        #expect(Self.rows(pushed)[0] == [7, 8] && Self.rows(popped)[0] == [1, 2])
    }

    @Test func noOpLeavesTheStackAsItWas() {
        let start = Self.stackOf([[1, 2], [3, 4], [5, 6]])
        let kept = StackUpdate.apply(stack: start, actions: Self.noOpAction, pushValue: Tensor([7, 8], shape: [1, 2]))
        #expect(Self.rows(kept) == Self.rows(start))
    }

    /// The reference's two-part update (top row, then the rest), element by element.
    static func referenceStackUpdate(_ s: [[[Float]]], _ a: [[Float]], _ v: [[Float]]) -> [[[Float]]] {
        s.indices.map { b in
            let n = s[b].count
            return (0..<n).map { i in
                (0..<s[b][0].count).map { c in
                    let below: Float = i + 1 < n ? s[b][i + 1][c] : 0
                    let above = i == 0 ? v[b][c] : s[b][i - 1][c]
                    return a[b][0] * above + a[b][1] * below + a[b][2] * s[b][i][c]
                }
            }
        }
    }

    @Test func mixedActionsMatchTheReferenceFormula() {
        var rng = RandomGenerator(seed: 11)
        let (b, n, c) = (3, 4, 2)
        let stack = Tensor.normal([b, n, c], rng: &rng), value = Tensor.normal([b, c], rng: &rng)
        let actions = Tensor.normal([b, 3], rng: &rng).softmax(axis: -1)
        let got = StackUpdate.apply(stack: stack, actions: actions, pushValue: value).scalars
        let s = (0..<b).map { bb in (0..<n).map { i in (0..<c).map { stack[[bb, i, $0]] } } }
        let a = (0..<b).map { bb in (0..<3).map { actions[[bb, $0]] } }
        let v = (0..<b).map { bb in (0..<c).map { value[[bb, $0]] } }
        let want = Self.referenceStackUpdate(s, a, v).flatMap { $0.flatMap { $0 } }
        #expect(zip(got, want).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// With two stacks the reference takes one softmax over all six action logits.
    @Test func twoStacksShareOneSoftmax() throws {
        let machine = try MachineTestKit.make("stack_rnn", inputSize: 2, outputSize: 2,
                                              ["hidden_size": "4", "stack_size": "3", "stack_cell_size": "2", "n_stacks": "2"]) as! StackRNN
        #expect(machine.actionLogits.weight.shape == [4, 6] && machine.pushValues.weight.shape == [4, 4])
        #expect(machine.controller.inputWidth == 3 && machine.controller.readWidth == 4)
    }

    // MARK: Nondeterministic stack

    /// One-hot transition tensors for hand-set steps (Q states, S symbols, batch 1).
    static func transitions(q: Int, s: Int, push: (Int, Int, Int, Int)? = nil, pop: (Int, Int, Int)? = nil,
                            replace: (Int, Int, Int, Int)? = nil) -> (Tensor, Tensor, Tensor) {
        var pu = Tensor.zeros([1, q, s, q, s]), po = Tensor.zeros([1, q, s, q]), re = Tensor.zeros([1, q, s, q, s])
        if let p = push { pu.withUnsafeMutableBufferPointer { $0[((p.0 * s + p.1) * q + p.2) * s + p.3] = 1 } }
        if let p = pop { po.withUnsafeMutableBufferPointer { $0[(p.0 * s + p.1) * q + p.2] = 1 } }
        if let p = replace { re.withUnsafeMutableBufferPointer { $0[((p.0 * s + p.1) * q + p.2) * s + p.3] = 1 } }
        return (pu, po, re)
    }

    static func topSymbol(_ stack: NDStack) -> Int {
        let r = stack.reading.scalars
        return r.firstIndex(of: r.max()!)!
    }

    @Test func ndstackPushPushPopReadsTheFirstPushAgain() {
        var stack = NDStack(batch: 1, states: 1, symbols: 3, timeSlots: 10, readStates: false)
        #expect(stack.reading.scalars == [0, 0, 0])
        var t = Self.transitions(q: 1, s: 3, push: (0, 0, 0, 1))
        stack.update(push: t.0, pop: t.1, replace: t.2)
        #expect(Self.topSymbol(stack) == 1)
        t = Self.transitions(q: 1, s: 3, push: (0, 1, 0, 2))
        stack.update(push: t.0, pop: t.1, replace: t.2)
        #expect(Self.topSymbol(stack) == 2)
        t = Self.transitions(q: 1, s: 3, pop: (0, 2, 0))
        stack.update(push: t.0, pop: t.1, replace: t.2)
        #expect(Self.topSymbol(stack) == 1)
        // All the weight sits on one path, so the read is that symbol with weight 1/(1 + ε).
        #expect(abs(stack.reading.scalars[1] - 1 / (1 + NDStack.epsilon)) < 1e-6)
        // Replacing a symbol by itself changes nothing.
        t = Self.transitions(q: 1, s: 3, replace: (0, 1, 0, 1))
        let before = stack.reading.scalars
        stack.update(push: t.0, pop: t.1, replace: t.2)
        #expect(stack.reading.scalars == before)
    }

    @Test func ndstackReadIsADistributionWhileTheWeightIsLarge() {
        var rng = RandomGenerator(seed: 4)
        var stack = NDStack(batch: 3, states: 2, symbols: 3, timeSlots: 6, readStates: false)
        let width = NDStack.actionSizes(states: 2, symbols: 3).reduce(0, +)
        for step in 1...8 {
            // Near one-hot actions keep the total path weight near one.
            stack.update(actions: (Tensor.normal([3, width], rng: &rng) * 8).softmax(axis: -1))
            let r = stack.reading.scalars
            #expect(r.allSatisfy { $0 >= 0 })
            let alpha = stack.alpha
            for b in 0..<3 {
                let total = r[(b * 3)..<(b * 3 + 3)].reduce(0, +)
                // Σ read = w / (w + ε) for the weight w of the newest α slot.
                let t = min(step, 5)
                let w = (0..<6).map { alpha[[b, t, $0]] }.reduce(0, +)
                #expect(abs(total - w / (w + NDStack.epsilon)) < 1e-5)
                #expect(total <= 1)
            }
        }
        // The graph stops growing after timeSlots − 1 steps.
        #expect(stack.columns.count == 5 && stack.time == 8)
    }

    /// The reference's `_update_stack` element by element on the full γ grid, with JAX's
    /// out-of-range rules (reads clamp, writes drop). γ is [B, T, T, Q, S, Q, S], α [B, T, Q, S].
    struct ReferenceNDStack {
        let b: Int, t: Int, q: Int, s: Int
        var gamma: [Float], alpha: [Float], time = 0
        init(b: Int, t: Int, q: Int, s: Int) {
            self.b = b; self.t = t; self.q = q; self.s = s
            gamma = [Float](repeating: 0, count: b * t * t * q * s * q * s)
            alpha = [Float](repeating: 0, count: b * t * q * s)
            for bb in 0..<b { alpha[bb * t * q * s] = 1 }
        }
        func g(_ bb: Int, _ i: Int, _ k: Int, _ qq: Int, _ x: Int, _ r: Int, _ y: Int) -> Int {
            (((((bb * t + i) * t + k) * q + qq) * s + x) * q + r) * s + y
        }
        mutating func step(push: [Float], pop: [Float], replace: [Float], readStates: Bool) -> [Float] {
            time += 1
            let ts = time, last = min(ts - 1, t - 1), column = min(ts, t - 1)
            var newGamma = gamma
            for bb in 0..<b { for i in 0..<t { for qq in 0..<q { for x in 0..<s { for r in 0..<q { for y in 0..<s {
                let pa = (((bb * q + qq) * s + x) * q + r) * s + y
                var v: Float = (i == ts - 1 && ts < t) ? push[pa] : 0
                for k in 0..<t where k > i && k < ts - 1 { for u in 0..<q { for ss in 0..<q { for z in 0..<s {
                    v += gamma[g(bb, i, k, qq, x, u, y)] * gamma[g(bb, k, last, u, y, ss, z)] * pop[((bb * q + ss) * s + z) * q + r]
                } } } }
                for ss in 0..<q { for z in 0..<s {
                    v += gamma[g(bb, i, last, qq, x, ss, z)] * replace[(((bb * q + ss) * s + z) * q + r) * s + y]
                } }
                if ts < t { newGamma[g(bb, i, ts, qq, x, r, y)] = v }
            } } } } } }
            gamma = newGamma
            var reads: [Float] = []
            for bb in 0..<b {
                var at = [Float](repeating: 0, count: q * s)
                for i in 0..<t { for qq in 0..<q { for x in 0..<s { for r in 0..<q { for y in 0..<s {
                    at[r * s + y] += alpha[((bb * t + i) * q + qq) * s + x] * gamma[g(bb, i, column, qq, x, r, y)]
                } } } } }
                if ts < t { for j in 0..<(q * s) { alpha[(bb * t + ts) * q * s + j] = at[j] } }
                let obs = readStates ? at : (0..<s).map { y in (0..<q).map { at[$0 * s + y] }.reduce(0, +) }
                let total = obs.reduce(0, +) + NDStack.epsilon
                reads += obs.map { $0 / total }
            }
            return reads
        }
    }

    @Test(arguments: [false, true])
    func ndstackMatchesTheReferenceGridUpdate(readStates: Bool) {
        let (b, slots, q, s) = (2, 5, 2, 2)
        var rng = RandomGenerator(seed: 21)
        var fast = NDStack(batch: b, states: q, symbols: s, timeSlots: slots, readStates: readStates)
        var slow = ReferenceNDStack(b: b, t: slots, q: q, s: s)
        let sizes = NDStack.actionSizes(states: q, symbols: s)
        for _ in 0..<7 {
            let actions = (Tensor.normal([b, sizes.reduce(0, +)], rng: &rng) * 2).softmax(axis: -1)
            let parts = actions.split(sizes: sizes, axis: 1)
            fast.update(actions: actions)
            let want = slow.step(push: parts[0].scalars, pop: parts[1].scalars, replace: parts[2].scalars, readStates: readStates)
            let got = fast.reading.scalars
            #expect(got.count == want.count)
            #expect(zip(got, want).allSatisfy { abs($0 - $1) < 1e-5 * max(1, abs($1)) }, "\(got) vs \(want)")
        }
    }
}
