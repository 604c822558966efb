import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor

/// The training step the parity rows of `reckon bench peers` time (`looped_transformer`,
/// `deltanet`, `mamba`): a catalog machine on a fixed batch of random bits, read at the one
/// output blank after them.
extension PeerBenchmark {
    /// The shape of a parity row: `batch` tapes of `bits` random bits and one output blank
    /// (tape width 3, two classes), as the PyTorch script builds them.
    struct ParityShape {
        var batch: Int
        var bits: Int
    }

    /// Seconds per training step of `machine` with `settings`: forward through the tape,
    /// cross-entropy on the last position, backward, global-norm clipping 1, Adam at
    /// `learningRate`, after one warm-up step (as the PyTorch side). `taskIterations` goes to the
    /// machine through `ForwardContext`, as in training; also returns the mean steps the machine
    /// recorded (nil when it records none). A machine that refuses `settings` is an error naming
    /// it, before anything is timed.
    static func parityStep(
        machine: String, settings overrides: [String: String], shape: ParityShape, learningRate: Float,
        taskIterations: Int? = nil, seconds: Double
    ) throws -> (seconds: Double, stepsUsed: Double?) {
        let spec = try MachineCatalog.spec(named: machine)
        let settings: StoredSettings
        do { settings = try spec.resolve(overrides) } catch {
            throw BenchmarkError(
                "`\(machine)` refuses the benchmark's settings "
                    + "\(overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }): \(error); "
                    + "the row's settings must use the machine's setting names")
        }
        let (inputs, outputs) = (2, 2)
        var rng = RandomGenerator(seed: 4)
        let model = spec.make(inputSize: inputs, outputSize: outputs, settings: settings, rng: &rng)
        let optimizer = Adam(learningRate: learningRate)
        let bits = (0..<shape.batch * shape.bits).map { _ in rng.nextInt(below: 2) }
        let x = oneHot(bits, idShape: [shape.batch, shape.bits], depth: inputs)
        let labels = (0..<shape.batch).map { b in bits[b * shape.bits..<(b + 1) * shape.bits].reduce(0, +) % 2 }
        var step = 0
        var stepsUsed: Double?
        // One warm-up step, as the PyTorch side: its looped step took 1.6 s on one core (2.13, this
        // 2-core EPYC); three would add seconds to every round.
        let perStep = Stopwatch.measure(seconds: seconds, warmup: 1) {
            var context = ForwardContext(
                training: true, rng: RandomGenerator(seed: UInt64(step)), taskIterations: taskIterations)
            step += 1
            let logits = model.logits(input: x, outputLength: 1, targets: nil, context: &context)
            let taskLoss = softmaxCrossEntropy(logits: logits.reshaped([-1, outputs]), labels: labels)
            let loss = context.auxiliaryLoss.map { taskLoss + $0 } ?? taskLoss
            var grads = model.gradients(of: loss)
            GradientClipping.clipByGlobalNorm(&grads, maxNorm: 1)
            optimizer.update(model, gradients: grads)
            stepsUsed = context.meanStepsUsed
        }
        return (perStep, stepsUsed)
    }

    /// The parameter count of `machine` with `settings` at a parity row's tape (width 3, two classes).
    static func parityParameters(machine: String, settings: [String: String]) throws -> Int {
        let spec = try MachineCatalog.spec(named: machine)
        var rng = RandomGenerator(seed: 4)
        return spec.make(inputSize: 2, outputSize: 2, settings: try spec.resolve(settings), rng: &rng).parameterCount
    }
}
