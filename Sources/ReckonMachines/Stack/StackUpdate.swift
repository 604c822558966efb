import ReckonTensor

/// The differentiable stack of the Stack-RNN (Joulin & Mikolov 2015) as the reference updates
/// it: the new stack is the action-weighted sum of the pushed, popped and unchanged stacks.
public enum StackUpdate {
    /// Column of each action in the action probabilities (the reference's order).
    public static let push = 0, pop = 1, noOp = 2
    public static let actionCount = 3

    /// For x = [v, s[0], …, s[N−1]] (N + 1 rows), the rows of x each action puts at
    /// s'[0..<N], in action order: push x[i] (v, then s shifted down), pop x[i+2] (s shifted
    /// up, zero past the bottom), no-op x[i+1] (s itself).
    public static func sources(depth n: Int) -> [[Int]] {
        [Array(0..<n), Array(2..<(n + 1)) + [-1], Array(1..<(n + 1))]
    }

    /// New stacks [B, N, C] from stacks [B, N, C] (row 0 = top), action probabilities
    /// [B, 3] (push, pop, no-op) and push values [B, C]. Needs N ≥ 2. Row by row:
    /// s'[0] = a_push·v + a_pop·s[1] + a_noop·s[0];
    /// s'[i] = a_push·s[i−1] + a_pop·s[i+1] + a_noop·s[i], with s[N] = 0.
    public static func apply(stack: Tensor, actions: Tensor, pushValue: Tensor) -> Tensor {
        apply(stack: stack, actions: actions, pushValue: pushValue, sources: sources(depth: stack.shape[1]))
    }

    /// `apply` with the source tables built once per sequence.
    static func apply(stack: Tensor, actions: Tensor, pushValue: Tensor, sources: [[Int]]) -> Tensor {
        let batch = stack.shape[0]
        let depth = stack.shape[1]
        let cell = stack.shape[2]
        precondition(depth >= 2, "a stack needs at least 2 rows, got \(depth)")
        precondition(
            actions.shape == [batch, actionCount] && pushValue.shape == [batch, cell],
            "StackUpdate.apply: actions \(actions.shape), push value \(pushValue.shape) for stack \(stack.shape)")
        return mixRows(
            concat([pushValue.reshaped([batch, 1, cell]), stack], axis: 1), weights: actions, sources: sources)
    }
}
