import ReckonTensor

/// The differentiable stack of the Stack-RNN (Joulin & Mikolov 2015) as the reference updates
/// it: the new stack is the action-weighted sum of the pushed, popped and unchanged stacks.
public enum StackUpdate {
    /// Column of each action in the action probabilities (the reference's order).
    public static let push = 0, pop = 1, noOp = 2
    public static let actionCount = 3

    /// New stacks [B, N, C] from stacks [B, N, C] (row 0 = top), action probabilities
    /// [B, 3] (push, pop, no-op) and push values [B, C]. Needs N ≥ 2.
    ///
    /// With `e = [v, s[0], …, s[N−1], 0]` (N + 2 rows), every row of the result is
    /// `s'[i] = a_push·e[i] + a_noop·e[i+1] + a_pop·e[i+2]`: one padded copy and three slices
    /// instead of the reference's separate top and rest updates, with the same values.
    public static func apply(stack: Tensor, actions: Tensor, pushValue: Tensor) -> Tensor {
        let batch = stack.shape[0], depth = stack.shape[1], cell = stack.shape[2]
        precondition(depth >= 2, "a stack needs at least 2 rows, got \(depth)")
        precondition(actions.shape == [batch, actionCount] && pushValue.shape == [batch, cell],
                     "StackUpdate.apply: actions \(actions.shape), push value \(pushValue.shape) for stack \(stack.shape)")
        let extended = concat([pushValue.reshaped([batch, 1, cell]), stack.padded(axis: 1, before: 0, after: 1)], axis: 1)
        let a = actions.reshaped([batch, actionCount, 1]).split(parts: actionCount, axis: 1)
        return a[push] * extended.slice(axis: 1, 0..<depth)
            + a[noOp] * extended.slice(axis: 1, 1..<(depth + 1))
            + a[pop] * extended.slice(axis: 1, 2..<(depth + 2))
    }
}
