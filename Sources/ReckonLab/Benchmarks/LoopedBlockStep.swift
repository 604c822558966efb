import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor

/// Reckon's side of the `looped_transformer` row of `reckon bench peers`: one training step of
/// Fan et al.'s looped block (2025; their released code, looped-tf at 33650c3: models.py,
/// conf/) at the parity shape, against the PyTorch block of `torchScript`.
extension PeerBenchmark {
    /// The catalog machine the row times.
    public static let loopedMachine = "looped_transformer"

    /// The row's shape: parity at n = 20 (Fan et al.'s longest training length), their batch 64,
    /// T(n) = n iterations of one block of width 256. Heads: 8, their count for copy, addition
    /// and multiplication (their parity configuration has 64 of width 4).
    static let loopedShape = (batch: 64, length: 20, iterations: 20, inputs: 2, outputs: 2)

    /// The machine's settings, by the names the transformer family uses (TransformerConfig);
    /// dropout 0 as in Fan et al.'s GPT-2 configuration. The iteration count goes through
    /// `ForwardContext.taskIterations`, as in training.
    static let loopedSettings = [
        "embedding_dim": "256", "num_heads": "8", "num_layers": "1", "dropout_prob": "0",
        "computation_steps_mult": "0", "feed_forward_activation": "gelu",
    ]

    /// Steps per second of the looped block's training step: forward through the tape of 20
    /// bits and one output blank, cross-entropy on the last position, backward, global-norm
    /// clipping 1, Adam at 1e-4 (Fan et al.'s rate; they use AdamW with its default decay).
    /// `machine` is the catalog machine timed (tests also hand it one without these settings).
    static func loopedTransformerStep(seconds: Double, machine: String = loopedMachine) throws -> Double {
        let spec = try MachineCatalog.spec(named: machine)
        let settings: StoredSettings
        do { settings = try spec.resolve(loopedSettings) } catch {
            throw BenchmarkError(
                "`\(machine)` refuses the benchmark's settings "
                    + "\(loopedSettings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }): \(error); "
                    + "PeerBenchmark.loopedSettings must use the machine's setting names")
        }
        let shape = loopedShape
        var rng = RandomGenerator(seed: 4)
        let model = spec.make(inputSize: shape.inputs, outputSize: shape.outputs, settings: settings, rng: &rng)
        let optimizer = Adam(learningRate: 1e-4)
        let bits = (0..<shape.batch * shape.length).map { _ in rng.nextInt(below: 2) }
        let x = oneHot(bits, idShape: [shape.batch, shape.length], depth: shape.inputs)
        let labels = (0..<shape.batch).map { b in bits[b * shape.length..<(b + 1) * shape.length].reduce(0, +) % 2 }
        var step = 0
        var stepsUsed: Double?
        // One warm-up step, as the PyTorch side: PyTorch's step took 1.6 s on one core (2.13, this
        // 2-core EPYC); three would add seconds to every round.
        let perStep = Stopwatch.measure(seconds: seconds, warmup: 1) {
            var context = ForwardContext(
                training: true, rng: RandomGenerator(seed: UInt64(step)), taskIterations: shape.iterations)
            step += 1
            let logits = model.logits(input: x, outputLength: 1, targets: nil, context: &context)
            let taskLoss = softmaxCrossEntropy(logits: logits.reshaped([-1, shape.outputs]), labels: labels)
            let loss = context.auxiliaryLoss.map { taskLoss + $0 } ?? taskLoss
            var grads = model.gradients(of: loss)
            GradientClipping.clipByGlobalNorm(&grads, maxNorm: 1)
            optimizer.update(model, gradients: grads)
            stepsUsed = context.meanStepsUsed
        }
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
