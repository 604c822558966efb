/// Reckon's side of the `looped_transformer` row of `reckon bench peers`: one training step of
/// Fan et al.'s looped block (2025; their released code, looped-tf at 33650c3: models.py,
/// conf/) at the parity shape, against the PyTorch block of `torchScript`.
extension PeerBenchmark {
    /// The catalog machine the row times.
    public static let loopedMachine = "looped_transformer"

    /// The row's shape: parity at n = 20 (Fan et al.'s longest training length), their batch 64,
    /// T(n) = n iterations of one block of width 256. Heads: 8, their count for copy, addition
    /// and multiplication (their parity configuration has 64 of width 4).
    static let loopedShape = (batch: 64, length: 20, iterations: 20)

    /// The machine's settings, by the names the transformer family uses (TransformerConfig);
    /// dropout 0 as in Fan et al.'s GPT-2 configuration. The iteration count goes through
    /// `ForwardContext.taskIterations`, as in training.
    static let loopedSettings = [
        "embedding_dim": "256", "num_heads": "8", "num_layers": "1", "dropout_prob": "0",
        "computation_steps_mult": "0", "feed_forward_activation": "gelu",
    ]

    /// Steps per second of the looped block's training step (`parityStep`: forward through the
    /// tape of 20 bits and one output blank, cross-entropy on the last position, backward,
    /// global-norm clipping 1), Adam at 1e-4 (Fan et al.'s rate; they use AdamW with its default
    /// decay). `machine` is the catalog machine timed (tests also hand it one without these settings).
    static func loopedTransformerStep(seconds: Double, machine: String = loopedMachine) throws -> Double {
        let shape = loopedShape
        let (perStep, stepsUsed) = try parityStep(
            machine: machine, settings: loopedSettings, shape: ParityShape(batch: shape.batch, bits: shape.length),
            learningRate: 1e-4, taskIterations: shape.iterations, seconds: seconds)
        // PyTorch's block runs exactly T iterations: a machine that ran another count would
        // make the ratio compare different work.
        if let stepsUsed, stepsUsed != Double(shape.iterations) {
            throw BenchmarkError(
                "`\(machine)` ran \(stepsUsed) iterations with taskIterations \(shape.iterations); "
                    + "the PyTorch block runs \(shape.iterations)")
        }
        return 1 / perStep
    }
}
