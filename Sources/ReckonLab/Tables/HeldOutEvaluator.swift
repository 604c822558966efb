import Foundation
import ReckonMachines
import ReckonTasks
import ReckonTensor

/// Measures a machine on every entry of a table task, the training entries and the held-out ones
/// apart, without recording gradients: the Lab's evaluation of a table run, in place of the length
/// axis that other tasks are evaluated over (`HeldOutResult`).
struct HeldOutEvaluator {
    let task: any FiniteTableTask
    let head: any OutputHead
    /// Entries per forward pass: 1 024 keeps a one-layer transformer's activations near 10 MB.
    static let chunk = 1024

    /// Loss, accuracy, the weight norm and (for modular tables whose machine embeds tokens by a
    /// table) the embedding's Fourier measures, at the machine's current parameters.
    func evaluate(_ machine: any Machine) -> (result: HeldOutResult, spectrum: FourierSpectrum?) {
        let train = measure(machine, entries: task.split.train)
        let test = measure(machine, entries: task.split.test)
        let spectrum = Self.spectrum(machine, task: task)
        let result = HeldOutResult(
            trainLoss: train.loss, trainAccuracy: train.accuracy, testLoss: test.loss, testAccuracy: test.accuracy,
            weightNorm: Self.weightNorm(machine), keyFrequencies: spectrum?.keyFrequencies, fourierGini: spectrum?.gini)
        return (result, spectrum)
    }

    /// Mean cross-entropy and accuracy over `entries`. The loss is summed in double precision from the
    /// logits, as Nanda et al.'s `cross_entropy_high_precision` (a float32 loss near 1e-7 is mostly rounding).
    func measure(_ machine: any Machine, entries: [Int]) -> (loss: Double, accuracy: Double) {
        let pieces = stride(from: 0, to: entries.count, by: Self.chunk).map {
            entries[$0..<Swift.min($0 + Self.chunk, entries.count)]
        }
        let slots = MetricSlots<(loss: Double, correct: Int)>(count: pieces.count)
        machine.withoutGradients {
            Parallel.forEach(pieces.count) { i in
                let batch = head.encode(task.batch(entries: pieces[i]), length: task.inputLength(forLength: 1))
                var context = ForwardContext(training: false, rng: StepStreams.generator(seed: 0, .evaluation, i))
                let logits = machine.logits(input: batch.input, outputLength: 1, targets: nil, context: &context)
                slots.set(i, Self.crossEntropyAndCorrect(logits, labels: batch.target.ids, classes: batch.outputSize))
            }
        }
        // Pooled in entry order, so the sum does not depend on which thread ran which piece.
        let sums = slots.values.map { $0! }
        let n = Double(Swift.max(entries.count, 1))
        return (sums.reduce(0) { $0 + $1.loss } / n, Double(sums.reduce(0) { $0 + $1.correct }) / n)
    }

    /// Summed −log softmax(logits)[label] and the number of rows whose first maximum is the label.
    static func crossEntropyAndCorrect(
        _ logits: Tensor, labels: [Int], classes: Int
    ) -> (loss: Double, correct: Int) {
        logits.withUnsafeBufferPointer { p in
            var loss = 0.0
            var correct = 0
            for (r, label) in labels.enumerated() {
                let row = PreciseCrossEntropy.row(p, start: r * classes, classes: classes, label: label)
                loss += row.nats
                if row.right { correct += 1 }
            }
            return (loss, correct)
        }
    }

    /// √(Σ θ²) over every parameter.
    static func weightNorm(_ machine: any Machine) -> Double {
        var total = 0.0
        for (_, t) in machine.namedParameters() {
            t.withUnsafeBufferPointer { b in for v in b { total += Double(v) * Double(v) } }
        }
        return total.squareRoot()
    }

    /// The Fourier spectrum of the embedding of tokens 0 … p − 1, for a modular table and a machine
    /// that embeds by a table; nil otherwise.
    static func spectrum(_ machine: any Machine, task: any FiniteTableTask) -> FourierSpectrum? {
        guard let p = task.fourierModulus, let embedded = machine as? any TokenEmbedding else { return nil }
        let e = embedded.tokenEmbedding
        guard e.shape.count == 2, e.shape[0] >= p else { return nil }
        return FourierSpectrum(
            embedding: e.withUnsafeBufferPointer { Array($0) }, rows: e.shape[0], width: e.shape[1], modulus: p)
    }
}
