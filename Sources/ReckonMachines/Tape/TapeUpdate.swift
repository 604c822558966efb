import ReckonTensor

/// The memory tape of the reference's `TapeInputLengthJumpCore`: the head stays at cell 0 and
/// the tape rotates under it. Every step writes cell 0, then mixes five rotations.
public enum TapeUpdate {
    /// Action columns, in the reference's order.
    public static let stay = 0, left = 1, right = 2, jumpLeft = 3, jumpRight = 4
    public static let actionCount = 5

    /// Offsets δ of the five actions for input length `inputLength`: after action k the
    /// cell at index i holds what was at index (i + δ_k) mod M (reference: `roll(eye, −δ_k)`).
    public static func offsets(inputLength: Int) -> [Int] { [0, 1, -1, inputLength, -inputLength] }

    /// For x = [w, m[0], m[1], …, m[M−1]] (M + 1 rows; m[0] is overwritten by w and never read),
    /// the row of x each action puts at m'[0..<M], in action order.
    public static func sources(size: Int, inputLength: Int) -> [[Int]] {
        offsets(inputLength: inputLength).map { delta in
            (0..<size).map { i in
                let j = ((i + delta) % size + size) % size
                return j == 0 ? 0 : j + 1
            }
        }
    }

    /// New tapes [B, M, C] from tapes [B, M, C], action probabilities [B, 5] and write values
    /// [B, C]: cell 0 is replaced by the write value (m̃), then `m'[i] = Σ_k a_k · m̃[(i + δ_k) mod M]`.
    public static func apply(memory: Tensor, actions: Tensor, writeValue: Tensor, inputLength: Int) -> Tensor {
        apply(
            memory: memory, actions: actions, writeValue: writeValue,
            sources: sources(size: memory.shape[1], inputLength: inputLength))
    }

    /// `apply` with the source tables built once per sequence.
    static func apply(memory: Tensor, actions: Tensor, writeValue: Tensor, sources: [[Int]]) -> Tensor {
        let batch = memory.shape[0]
        let cell = memory.shape[2]
        precondition(
            actions.shape == [batch, actionCount] && writeValue.shape == [batch, cell],
            "TapeUpdate.apply: actions \(actions.shape), write value \(writeValue.shape) for tape \(memory.shape)")
        return mixRows(
            concat([writeValue.reshaped([batch, 1, cell]), memory], axis: 1), weights: actions, sources: sources)
    }
}
