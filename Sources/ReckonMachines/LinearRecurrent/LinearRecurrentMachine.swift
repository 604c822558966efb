import ReckonNN
import ReckonSupport
import ReckonTensor

/// `mamba`, `deltanet`, `gated_deltanet`, `linear_rnn`: a linear projection of the tape (the
/// token embedding), stacked residual blocks around a linear recurrence, a final RMSNorm and a
/// linear readout at every position. The blocks are causal, so position t reads only the tape
/// up to t, as the language models of Grazzi et al. do.
public final class LinearRecurrentMachine: Module, Machine {
    let embedding: Linear
    let blocks: [LinearRecurrentBlock]
    let norm: RMSNorm
    let head: Linear
    let form: RecurrenceForm
    public let computationStepsMultiplier: Int

    init(
        inputSize: Int, outputSize: Int, shared: LinearRecurrentSettings, readout: ReadoutSettings,
        mlpHidden: Int?, rng: inout RandomGenerator, mixer: (inout RandomGenerator) -> any SequenceMixer
    ) {
        computationStepsMultiplier = readout.computationSteps
        form = shared.form
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        // nn.Embedding's N(0, 1) rows; the tape is one-hot, so this projection is that lookup.
        embedding = Linear(width, shared.width, bias: false, weightInit: .normal(std: 1), rng: &rng)
        var blocks: [LinearRecurrentBlock] = []
        for _ in 0..<shared.layers {
            let m = mixer(&rng)
            blocks.append(LinearRecurrentBlock(width: shared.width, mixer: m, mlpHidden: mlpHidden, rng: &rng))
        }
        self.blocks = blocks
        norm = RMSNorm(shared.width)
        head = Linear(shared.width, outputSize, bias: false, rng: &rng)
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        var h = embedding(x)
        for block in blocks { h = block(h, form: form) }
        // The residual stream after the last block: the state the head reads at each position.
        context.trace?.record(TraceName.hidden, .state, sequence: h)
        return head(norm(h))
    }

    /// Parameters and activations of a stack of `layers` blocks, each with `mixerParameters`
    /// and `mixerFloats` floats kept per position for the backward pass; without gradients, those
    /// or `inference`'s floats per position plus its floats per sequence (a mixer that works in
    /// chunks of time).
    static func footprint(
        _ shared: LinearRecurrentSettings, _ readout: ReadoutSettings, _ shape: FootprintShape,
        mixerParameters: Double, mixerFloats: Double, mlpHidden: Int?,
        inference: (perPosition: Double, chunk: Double)? = nil
    ) -> MachineFootprint {
        let (t, d) = MachineFootprint.tape(readout, shape)
        let width = Double(shared.width)
        let layers = Double(shared.layers)
        let mlp = Double(mlpHidden ?? 0)
        let o = Double(shape.outputSize)
        let parameters = d * width + layers * (mixerParameters + 3 * width * mlp + 2 * width) + width + width * o
        let perPosition = layers * (mixerFloats + 5 * mlp + 6 * width) + d + 3 * o
        return MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: t * perPosition,
            inferenceFloatsPerSequence: t * ((inference?.perPosition ?? mixerFloats) + 3 * mlp + 4 * width + d + 2 * o)
                + (inference?.chunk ?? 0))
    }
}
