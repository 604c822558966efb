import ReckonTensor

/// The reference's "empty targets" readout (experiments/utils.py in the Chomsky-hierarchy
/// repository): the one-hot input gets one extra channel (two with computation steps);
/// `computation_steps_mult · T` computation tokens and `outputLength` output tokens follow
/// the input, and outputs are read at the output tokens.
public enum Readout {
    /// Width of the padded tape's vectors for an input alphabet of `inputSize`.
    public static func tapeWidth(inputSize: Int, computationStepsMultiplier: Int) -> Int {
        inputSize + 1 + (computationStepsMultiplier > 0 ? 1 : 0)
    }

    /// Positions of the padded tape for an input of `inputLength` and an answer of `outputLength`:
    /// L + mult·L + T_out. The one formula for it: memory sizes, footprints and tape limits read it.
    public static func tapeLength(inputLength: Int, outputLength: Int, computationStepsMultiplier mult: Int) -> Int {
        inputLength * (1 + mult) + outputLength
    }

    /// [x ‖ 0] as a [B, T, width] tape: the input alone, as wide as `tape` makes it, for a task
    /// whose outputs are read at the input positions (`ForwardContext.outputsAtEachInput`).
    /// Run validation refuses computation steps there, so no computation token is left out.
    public static func inputTape(_ x: Tensor, computationStepsMultiplier mult: Int) -> Tensor {
        let inputSize = x.shape[2]
        let width = tapeWidth(inputSize: inputSize, computationStepsMultiplier: mult)
        return x.padded(axis: 2, before: 0, after: width - inputSize)
    }

    /// [x ‖ 0, computation tokens, output tokens] as a [B, T + m·T + T_out, width] tape.
    public static func tape(_ x: Tensor, outputLength: Int, computationStepsMultiplier mult: Int) -> Tensor {
        let batch = x.shape[0]
        let length = x.shape[1]
        let inputSize = x.shape[2]
        let width = tapeWidth(inputSize: inputSize, computationStepsMultiplier: mult)
        let padded = x.padded(axis: 2, before: 0, after: width - inputSize)
        // Token ids as in the reference: computation = inputSize + 0, output = inputSize + 1 − [mult == 0].
        let computeToken = inputSize
        let outputToken = inputSize + 1 - (mult == 0 ? 1 : 0)
        var parts = [padded]
        if mult > 0 {
            parts.append(
                oneHot(
                    [Int](repeating: computeToken, count: batch * mult * length), idShape: [batch, mult * length],
                    depth: width))
        }
        if outputLength > 0 {
            parts.append(
                oneHot(
                    [Int](repeating: outputToken, count: batch * outputLength), idShape: [batch, outputLength],
                    depth: width))
        }
        return parts.count == 1 ? padded : concat(parts, axis: 1)
    }
}
