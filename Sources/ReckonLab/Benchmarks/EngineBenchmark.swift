import Foundation
import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor

/// `reckon bench engine`: the engine against raw BLAS at the shapes that matter.
public enum EngineBenchmark {
    /// The first line of every engine benchmark: which BLAS library, version and kernel ran.
    public static func blasRecord() -> BenchmarkRecord {
        let b = BLASRuntime.info
        return BenchmarkRecord(
            name: "blas",
            [
                ("library", b.library), ("version", b.version), ("kernel", b.kernel),
                ("threads", b.threads), ("cpu", b.cpu), ("selection", b.selection),
            ])
    }

    /// One line on stderr when the kernel is a generic fallback although the CPU could do better.
    public static func warnIfGeneric() {
        let b = BLASRuntime.info
        guard b.isSlowerThanCPUAllows, let best = BLASKernelChoice.bestKernel(for: .current) else { return }
        FileHandle.standardError.write(
            Data(
                ("warning: OpenBLAS runs its generic \(b.kernel) kernel on a CPU that runs \(best) "
                    + "(\(b.selection)); expect several times slower matrix products\n").utf8))
    }

    /// Engine `matmul` vs a raw `cblas_sgemm` on the same buffers, M x K x N.
    public static func matmul(
        seconds: Double, shapes: [(m: Int, k: Int, n: Int)] = [(128, 264, 1024), (128, 256, 256)]
    ) -> [BenchmarkRecord] {
        var rng = RandomGenerator(seed: 1)
        return shapes.map { s in
            let a = Tensor.normal([s.m, s.k], rng: &rng)
            let b = Tensor.normal([s.k, s.n], rng: &rng)
            let flop = 2.0 * Double(s.m * s.k * s.n)
            let engine = Stopwatch.measure(seconds: seconds) { _ = ReckonTensor.matmul(a, b) }
            var c = Tensor.zeros([s.m, s.n])
            let blas = a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        Stopwatch.measure(seconds: seconds) {
                            BLAS.sgemm(
                                transposeA: false, transposeB: false, m: s.m, n: s.n, k: s.k,
                                a: pa.baseAddress!, b: pb.baseAddress!, c: pc.baseAddress!)
                        }
                    }
                }
            }
            return BenchmarkRecord(
                name: "matmul",
                [
                    ("m", s.m), ("k", s.k), ("n", s.n),
                    ("engine_gflops", flop / engine / 1e9), ("blas_gflops", flop / blas / 1e9),
                    ("ratio", blas / engine),
                ])
        }
    }

    /// One LSTM training step (forward, backward, Adam) at the reference sizes, against the
    /// roofline of raw sgemm at the gate shape [B, I+H] x [I+H, 4H].
    public static func lstmStep(
        seconds: Double, hidden: Int = 256, input: Int = 4, batch: Int = 128,
        length: Int = 20, outputs: Int = 2
    ) -> BenchmarkRecord {
        var rng = RandomGenerator(seed: 2)
        let model = LSTMReadout(input: input, hidden: hidden, outputs: outputs, rng: &rng)
        let optimizer = Adam(learningRate: 1e-3)
        let ids = (0..<batch * length).map { _ in rng.nextInt(below: input) }
        let x = oneHot(ids, idShape: [batch, length], depth: input)
        let labels = (0..<batch * length).map { _ in rng.nextInt(below: outputs) }
        let step = {
            let logits = model(x)
            let loss = softmaxCrossEntropy(logits: logits.reshaped([-1, outputs]), labels: labels)
            var grads = model.gradients(of: loss)
            GradientClipping.clipByGlobalNorm(&grads, maxNorm: 1)
            optimizer.update(model, gradients: grads)
        }
        let perStep = Stopwatch.measure(seconds: seconds, warmup: 3, step)
        // Matmuls actually executed: input and recurrent projections (forward; weight
        // gradients; recurrent input gradient for T-1 steps) and the readout (forward, dW, dH).
        let bt = Double(batch * length)
        let h4 = Double(4 * hidden)
        let forward = 2 * bt * Double(input + hidden) * h4
        let backward = 2 * bt * Double(input + hidden) * h4 + 2 * Double(batch * (length - 1)) * Double(hidden) * h4
        let readout = 3 * 2 * bt * Double(hidden * outputs)
        let flop = forward + backward + readout

        let m = batch
        let k = input + hidden
        let n = 4 * hidden
        let a = Tensor.normal([m, k], rng: &rng)
        let b = Tensor.normal([k, n], rng: &rng)
        var c = Tensor.zeros([m, n])
        let blasTime = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    Stopwatch.measure(seconds: 1) {
                        BLAS.sgemm(
                            transposeA: false, transposeB: false, m: m, n: n, k: k, a: pa.baseAddress!,
                            b: pb.baseAddress!, c: pc.baseAddress!)
                    }
                }
            }
        }
        let blasGflops = 2.0 * Double(m * n * k) / blasTime / 1e9
        let achieved = flop / perStep / 1e9
        return BenchmarkRecord(
            name: "lstm_step",
            [
                ("hidden", hidden), ("input", input), ("batch", batch), ("length", length),
                ("steps_per_s", 1 / perStep), ("gflop_per_step", flop / 1e9), ("achieved_gflops", achieved),
                ("blas_gflops", blasGflops), ("roofline_fraction", achieved / blasGflops),
            ])
    }
}

extension EngineBenchmark {
    /// One `transformer_encoder` training step at the machine's defaults (5 post-LN layers, width 64,
    /// 8 heads, dropout 0.1, sin/cos positions) on one-hot inputs [128, 40, 4] with 2 classes at every
    /// position: the shapes of the PyTorch encoder in `reckon bench peers`.
    public static func transformerStep(
        seconds: Double, batch: Int = 128, length: Int = 40, width: Int = 4,
        outputs: Int = 2
    ) throws -> BenchmarkRecord {
        var rng = RandomGenerator(seed: 3)
        let spec = try MachineCatalog.spec(named: "transformer_encoder")
        // inputSize is the task alphabet; the empty-targets tape adds one channel, giving `width`.
        let model = spec.make(inputSize: width - 1, outputSize: outputs, settings: spec.defaults, rng: &rng)
        let optimizer = Adam(learningRate: 1e-3)
        let x = oneHot(
            (0..<batch * length).map { _ in rng.nextInt(below: width) }, idShape: [batch, length], depth: width)
        let labels = (0..<batch * length).map { _ in rng.nextInt(below: outputs) }
        var step = 0
        let perStep = Stopwatch.measure(seconds: seconds, warmup: 3) {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: UInt64(step)))
            step += 1
            let logits = model.forward(x, inputLength: length, context: &context)
            let loss = softmaxCrossEntropy(logits: logits.reshaped([-1, outputs]), labels: labels)
            var grads = model.gradients(of: loss)
            GradientClipping.clipByGlobalNorm(&grads, maxNorm: 1)
            optimizer.update(model, gradients: grads)
        }
        return BenchmarkRecord(
            name: "transformer_step",
            [
                ("model", "transformer_encoder"), ("batch", batch), ("length", length), ("steps_per_s", 1 / perStep),
            ])
    }
}

/// The benchmark's model: an LSTM with a linear readout at every step.
final class LSTMReadout: Module {
    let lstm: LSTM
    let readout: Linear
    init(input: Int, hidden: Int, outputs: Int, rng: inout RandomGenerator) {
        lstm = LSTM(inputSize: input, hiddenSize: hidden, rng: &rng)
        readout = Linear(hidden, outputs, rng: &rng)
        super.init()
    }
    func callAsFunction(_ x: Tensor) -> Tensor { readout(lstm(x)) }
}
