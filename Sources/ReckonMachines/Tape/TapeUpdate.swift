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

    /// The [5, M·M] matrix whose row k, read as [M, M], maps a tape to its rotation by δ_k.
    /// Mixing these with the action weights gives one [M, M] matrix per batch row, so the
    /// whole update is two matmuls however far the jumps go.
    static func rotations(size: Int, inputLength: Int) -> Tensor {
        var values = [Float](repeating: 0, count: actionCount * size * size)
        for (k, delta) in offsets(inputLength: inputLength).enumerated() {
            for i in 0..<size {
                let j = ((i + delta) % size + size) % size
                values[(k * size + i) * size + j] += 1
            }
        }
        return Tensor(values, shape: [actionCount, size * size])
    }

    /// New tapes [B, M, C] from tapes [B, M, C], action probabilities [B, 5] and write values
    /// [B, C]: cell 0 is replaced by the write value, then
    /// `m'[i] = Σ_k a_k · m̃[(i + δ_k) mod M]`.
    public static func apply(memory: Tensor, actions: Tensor, writeValue: Tensor, inputLength: Int) -> Tensor {
        apply(memory: memory, actions: actions, writeValue: writeValue,
              rotations: rotations(size: memory.shape[1], inputLength: inputLength))
    }

    /// `apply` with the rotation matrix built once per sequence.
    static func apply(memory: Tensor, actions: Tensor, writeValue: Tensor, rotations: Tensor) -> Tensor {
        let batch = memory.shape[0], size = memory.shape[1], cell = memory.shape[2]
        precondition(actions.shape == [batch, actionCount] && writeValue.shape == [batch, cell],
                     "TapeUpdate.apply: actions \(actions.shape), write value \(writeValue.shape) for tape \(memory.shape)")
        let written = size == 1 ? writeValue.reshaped([batch, 1, cell])
            : concat([writeValue.reshaped([batch, 1, cell]), memory.slice(axis: 1, 1..<size)], axis: 1)
        let mixing = matmul(actions, rotations).reshaped([batch, size, size])
        return matmul(mixing, written)
    }
}
