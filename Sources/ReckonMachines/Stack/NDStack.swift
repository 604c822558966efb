import ReckonTensor

/// The nondeterministic stack of DuSell & Chiang (2020) as the reference's `ndstack_rnn.py`
/// simulates it (Lang's algorithm): a weighted graph γ over (time, state, top symbol) nodes
/// whose paths are the stacks, and α, the weight of reaching each node.
///
/// Only what the reference ever makes non-zero is stored: column j of γ has rows i < j.
/// See docs/reference/stack-tape-machines.md for the equations and the cost.
public struct NDStack {
    public let batch: Int, states: Int, symbols: Int
    /// The reference's `stack_size`: time slots of the graph. Updates stop after `timeSlots − 1` steps.
    public let timeSlots: Int
    /// Read the top (state, symbol) distribution instead of the top symbol distribution.
    public let readStates: Bool
    /// γ[:, j] for j = 1...time: [B, j, Q, S, Q, S], indexed [b, i, q, x, r, y].
    public private(set) var columns: [Tensor] = []
    /// α[0...time] as [B, time + 1, Q·S].
    public private(set) var alpha: Tensor
    /// What the controller reads next: [B, S] (or [B, Q·S] with `readStates`); zeros at the start.
    public private(set) var reading: Tensor
    /// Steps taken (the reference's timestep counter).
    public private(set) var time = 0
    /// γ[i, k] for i < t−2 and 1 ≤ k ≤ t−2, kept in the layout the pop's matmul wants,
    /// [B, y, i, q, x, k, u], and grown by one row and one column per step.
    var popOperand: Tensor?

    /// The reference adds it to the read's normalizer.
    public static let epsilon: Float = 0.001

    public init(batch: Int, states: Int, symbols: Int, timeSlots: Int, readStates: Bool) {
        precondition(states >= 1 && symbols >= 1 && timeSlots >= 1, "NDStack needs positive sizes")
        self.batch = batch
        self.states = states
        self.symbols = symbols
        self.timeSlots = timeSlots
        self.readStates = readStates
        // The first node is (time 0, state 0, symbol 0).
        alpha = oneHot([Int](repeating: 0, count: batch), idShape: [batch, 1], depth: states * symbols)
        reading = Tensor.zeros([batch, readStates ? states * symbols : symbols])
    }

    /// Width of `reading`.
    public var readWidth: Int { reading.shape[1] }

    /// Sizes of the push, pop and replace blocks of the controller's action vector.
    public static func actionSizes(states q: Int, symbols s: Int) -> [Int] {
        [q * s * q * s, q * q * s, q * s * q * s]
    }

    /// One step from the probabilities of every transition, [B, (QS)² + Q²S + (QS)²] laid out
    /// as push (q, x, r, y), pop (q, x, r), replace (q, x, r, y).
    public mutating func update(actions: Tensor) {
        let q = states
        let s = symbols
        let parts = actions.split(sizes: NDStack.actionSizes(states: q, symbols: s), axis: 1)
        update(
            push: parts[0].reshaped([batch, q, s, q, s]), pop: parts[1].reshaped([batch, q, s, q]),
            replace: parts[2].reshaped([batch, q, s, q, s]))
    }

    /// One step: push [B, Q, S, Q, S], pop [B, Q, S, Q], replace [B, Q, S, Q, S].
    public mutating func update(push: Tensor, pop: Tensor, replace: Tensor) {
        let t = time + 1
        time = t
        // Past the last slot the reference's clamped reads and dropped writes leave the graph
        // as it is, and its read equals the previous one.
        guard t < timeSlots else { return }
        let b = batch
        let q = states
        let s = symbols
        let qs = states * symbols
        let pushRow = push.reshaped([b, 1, q, s, q, s])
        var column: Tensor
        if t == 1 {
            column = pushRow
        } else {
            let previous = columns[t - 2]  // γ[:, t−1], rows i < t−1
            var body = matmul(previous.reshaped([b, (t - 1) * qs, qs]), replace.reshaped([b, qs, qs]))
                .reshaped([b, t - 1, q, s, q, s])
            if t >= 3 {
                let k = t - 2
                // Add column k = t−2 (rows i < k) to the pop operand, one zero row to the old part.
                let newest = columns[k - 1].permuted([0, 5, 1, 2, 3, 4]).reshaped([b, s, k, q, s, 1, q])
                popOperand =
                    popOperand.map { concat([$0.padded(axis: 2, before: 0, after: 1), newest], axis: 5) } ?? newest
                // Σ_{s,z} γ[k, t−1, u, y, s, z] · pop[s, z, r] first: it does not depend on i.
                let below = matmul(
                    previous.slice(axis: 1, 1..<(t - 1)).reshaped([b, k * qs, qs]), pop.reshaped([b, qs, q])
                )
                .reshaped([b, k, q, s, q]).permuted([0, 3, 1, 2, 4]).reshaped([b * s, k * q, q])
                let popped = matmul(popOperand!.reshaped([b * s, k * qs, k * q]), below)
                    .reshaped([b, s, k, q, s, q]).permuted([0, 2, 3, 4, 5, 1])
                body = body + popped.padded(axis: 1, before: 0, after: 1)
            }
            column = concat([body, pushRow], axis: 1)
        }
        columns.append(column)
        let alphaT = matmul(alpha.reshaped([b, 1, t * qs]), column.reshaped([b, t * qs, qs])).reshaped([b, qs])
        alpha = concat([alpha, alphaT.reshaped([b, 1, qs])], axis: 1)
        let observed = readStates ? alphaT : alphaT.reshaped([b, q, s]).sum(axis: 1)
        reading = observed / (observed.sum(axis: 1, keepDims: true) + NDStack.epsilon)
    }
}
