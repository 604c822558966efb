import ReckonTensor

/// ACT's halting bookkeeping for items that each halt on their own (Graves 2016 §2, eqs. 7–14):
/// the weight p^n of every intermediate step, the step count N and the remainder R.
///
/// Item i halts at N = min{n : Σ_{m≤n} h^m ≥ 1 − ε}, or at the cap M (eq. 13); then
/// p^n = h^n for n < N, p^N = R = 1 − Σ_{n<N} h^n, and p = 0 after N. The decision reads
/// detached values, so N carries no gradient (Graves: N(t) is treated as a constant); p and R
/// carry theirs. A batch runs until every item has halted: each step's masks give the items
/// already done weight 0, so one batched step serves items that halt at different n.
///
/// t2t's `universal_transformer_act` ("basic", Dehghani et al. 2019) is the same rule per
/// position, except that it halts on cum + h > 1 − ε (strict; equality has probability 0 in
/// floats drawn by training) and never forces a remainder at its step cap, where this one does
/// as Graves' eq. 13, so every item's weights sum to 1.
struct AdaptiveComputation {
    /// 1 − ε.
    let threshold: Float
    /// M: an item still running at step M halts there.
    let maxSteps: Int
    let items: Int
    /// Σ h^m over the steps each item ran without halting, from detached values.
    private var cumulative: [Float]
    /// Steps each item has taken; N(t) once it has halted.
    private(set) var steps: [Int]
    private var halted: [Bool]
    private var haltedCount = 0
    /// The same sums as `cumulative`, with their gradient, [items, 1].
    private var cumulativeHalting: Tensor
    /// R(t) of the items that have halted, 0 for the others, [items, 1].
    private(set) var remainder: Tensor

    init(items: Int, epsilon: Double, maxSteps: Int) {
        precondition(maxSteps >= 1, "ACT needs at least one step")
        threshold = Float(1 - epsilon)
        self.maxSteps = maxSteps
        self.items = items
        cumulative = [Float](repeating: 0, count: items)
        steps = [Int](repeating: 0, count: items)
        halted = [Bool](repeating: false, count: items)
        cumulativeHalting = Tensor.zeros([items, 1])
        remainder = Tensor.zeros([items, 1])
    }

    /// Whether every item has halted (the loop's end).
    var allHalted: Bool { haltedCount == items }

    /// The weights p^n [items, 1] of this step, for its halting probabilities h^n [items, 1].
    mutating func weights(halting h: Tensor) -> Tensor {
        precondition(h.shape == [items, 1], "one halting probability per item")
        let values = h.scalars
        var running = [Float](repeating: 0, count: items)
        var halting = running
        for i in 0..<items where !halted[i] {
            steps[i] += 1
            if steps[i] >= maxSteps || cumulative[i] + values[i] >= threshold {
                halting[i] = 1
                halted[i] = true
                haltedCount += 1
            } else {
                running[i] = 1
                cumulative[i] += values[i]
            }
        }
        let run = Tensor(running, shape: [items, 1])
        let stop = Tensor(halting, shape: [items, 1])
        let rest = stop * (1 - cumulativeHalting)
        remainder = remainder + rest
        cumulativeHalting = cumulativeHalting + run * h
        return run * h + rest
    }

    /// The ponder ρ = N + R of every item, [items, 1]; its gradient reaches R only.
    var ponder: Tensor { Tensor(steps.map(Float.init), shape: [items, 1]) + remainder }

    /// Σ ρ over the items, as a number (what `ForwardContext.recordSteps` takes).
    var totalPonder: Double {
        Double(steps.reduce(0, +)) + remainder.scalars.reduce(0) { $0 + Double($1) }
    }
}
