import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// Reckon's side of the `grok_transformer` row of `reckon bench peers`: one full-batch training
/// step of Nanda et al. 2023's setup (x + y mod 113 on 30% of the table, their one-layer
/// transformer, AdamW lr 1e-3, weight decay 1, betas (0.9, 0.98)), against the PyTorch module of
/// `torchScript` written as their transformers.py (progress-measures-paper).
extension PeerBenchmark {
    /// The catalog machine the row times, at its defaults (Nanda et al.'s model).
    public static let grokMachine = "grok_transformer"

    /// The row's batch: every training entry of `modular_addition` at its defaults (p = 113,
    /// train_fraction 0.3: 3 830 of 12 769 entries), encoded one-hot as the Lab encodes it
    /// (vocabulary p + 1 with `=`), and their answers (p classes).
    static func grokBatch() -> (input: Tensor, labels: [Int], inputSize: Int, outputSize: Int) {
        let task = ModularTable<ModularAddition>()
        let batch = task.batch(entries: task.split.train)
        let (inputs, outputs) = (TaskBridge.inputWidth(task), task.outputSymbols.count)
        let encoded = EncodedBatch(batch, inputSize: inputs, outputSize: outputs, length: 3)
        return (encoded.input, batch.target.ids, inputs, outputs)
    }

    /// Steps per second of the full-batch step: forward through `machine` at its defaults, softmax
    /// cross-entropy on the one answer at the last position, backward, AdamW (decoupled weight
    /// decay 1, β2 0.98) at 1e-3, no gradient clipping, after one warm-up step (as the PyTorch side:
    /// its step took 0.34 s at one thread and 1.0 s at two on this 2-core EPYC with two training jobs
    /// running, so three would add seconds to every round).
    /// Nanda et al.'s learning-rate warm-up over 10 steps changes no step's cost and is left out on
    /// both sides; so is their trainer's test-set forward pass each step, which is evaluation, not
    /// the training step.
    static func grokTransformerStep(seconds: Double) throws -> Double {
        let spec = try MachineCatalog.spec(named: grokMachine)
        let (x, labels, inputs, outputs) = grokBatch()
        var rng = RandomGenerator(seed: 4)
        let model = spec.make(inputSize: inputs, outputSize: outputs, settings: try spec.resolve([:]), rng: &rng)
        let optimizer = Adam(learningRate: 1e-3, beta2: 0.98, weightDecay: 1)
        var step = 0
        let perStep = Stopwatch.measure(seconds: seconds, warmup: 1) {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: UInt64(step)))
            step += 1
            let logits = model.logits(input: x, outputLength: 1, targets: nil, context: &context)
            let loss = softmaxCrossEntropy(logits: logits.reshaped([-1, outputs]), labels: labels)
            optimizer.update(model, gradients: model.gradients(of: loss))
        }
        return 1 / perStep
    }

    /// The parameter count of `grok_transformer` at its defaults for the row's batch.
    static func grokParameters() throws -> Int {
        let spec = try MachineCatalog.spec(named: grokMachine)
        let (_, _, inputs, outputs) = grokBatch()
        var rng = RandomGenerator(seed: 4)
        return spec.make(inputSize: inputs, outputSize: outputs, settings: try spec.resolve([:]), rng: &rng)
            .parameterCount
    }
}
