import Foundation
import ReckonMachines
import ReckonTasks
import ReckonTensor

/// The one place where a task's data meets a machine's tensors: encoding, loss, scoring.
public enum TaskBridge {
    /// Width of the vectors a machine receives per input position.
    public static func inputWidth(_ task: any AlgorithmicTask) -> Int { task.inputSize }

    /// Whether targets are bit vectors (binary cross-entropy, bit errors) rather than tokens.
    public static func isBitVector(_ task: any AlgorithmicTask) -> Bool { task.usesBitVectors }

    /// Classes per output position a machine is built with: the task's output alphabet, or for
    /// pointer tasks the positions of the longest training input (a fixed vocabulary for
    /// machines that are not pointer networks; `PointerNet` ignores it).
    public static func outputWidth(_ task: any AlgorithmicTask, trainLength: Int) -> Int {
        task.outputKind == .pointers ? task.inputLength(forLength: trainLength) : task.outputSize
    }

    /// Whether targets are real numbers (mean squared error, the success threshold).
    public static func isReal(_ task: any AlgorithmicTask) -> Bool { task.outputKind == .reals }

    /// The mean squared error below which a real-valued task counts as solved at `length`; nil
    /// for other tasks.
    public static func successThreshold(_ task: any AlgorithmicTask, length: Int) -> Double? {
        (task as? any RealValuedTask)?.successThreshold(forLength: length)
    }

    /// Whether the task can produce inputs of this length.
    public static func isValid(_ task: any AlgorithmicTask, length: Int) -> Bool {
        (try? task.validate(length: length)) != nil
    }

    /// `length` if valid, else the closest valid length not above `atMost` (searching down, then up).
    public static func nearestValidLength(_ task: any AlgorithmicTask, _ length: Int, atMost: Int) -> Int {
        if isValid(task, length: length) { return length }
        for d in 1...Swift.max(atMost, 1) {
            if length - d >= 1, isValid(task, length: length - d) { return length - d }
            if length + d <= atMost, isValid(task, length: length + d) { return length + d }
        }
        return length
    }

    /// Token ids to one-hot inputs (bit vectors pass through as they are), labels and mask.
    public static func encode(_ task: any AlgorithmicTask, _ batch: Batch) -> EncodedBatch {
        let input: Tensor
        if let bits = batch.inputBits {
            input = Tensor(bits, shape: [batch.batchSize, batch.inputLength, batch.inputBitWidth])
        } else if let values = batch.inputValues {
            input = Tensor(values, shape: [batch.batchSize, batch.inputLength, batch.inputValueWidth])
        } else {
            input = oneHot(batch.input, idShape: [batch.batchSize, batch.inputLength], depth: task.inputSize)
        }
        let targetBits = batch.targetBits.map {
            Tensor($0, shape: [batch.batchSize, batch.outputLength, batch.targetBitWidth])
        }
        let pointers = task.outputKind == .pointers
        var encoded = EncodedBatch(
            input: input, batchSize: batch.batchSize, outputLength: batch.outputLength,
            outputSize: pointers ? batch.inputLength : task.outputSize, labels: batch.target,
            targetBits: targetBits, mask: batch.mask, pointerSource: pointers ? batch : nil)
        if task.outputKind == .reals, let values = batch.targetValues {
            encoded.targetValues = Tensor(values, shape: [batch.batchSize, batch.outputLength, batch.targetValueWidth])
        }
        return encoded
    }

    /// Logits over `classes` input positions: a machine with a fixed vocabulary wider than the
    /// input loses the columns past it, a narrower one gets columns that can never win (a
    /// baseline cannot point where it never learned to).
    public static func pointerLogits(_ logits: Tensor, classes: Int) -> Tensor {
        let width = logits.shape[logits.rank - 1]
        if width == classes { return logits }
        if width > classes { return logits.slice(axis: logits.rank - 1, 0..<classes) }
        return logits.padded(axis: logits.rank - 1, before: 0, after: classes - width, value: -1e9)
    }

    /// The argmax position of every output step, one row per example (pointer tasks).
    public static func pointerPredictions(logits: Tensor, batch: EncodedBatch) -> [[Int]] {
        let c = batch.outputSize
        let p = pointerLogits(logits.detached, classes: c).scalars
        return (0..<batch.batchSize).map { b in
            (0..<batch.outputLength).map { t in
                let r = b * batch.outputLength + t
                return Kernels.firstMaximum(p, start: r * c, count: c)
            }
        }
    }

    /// Sums and counts of the task's own metrics over a batch's decoded answers (pointer tasks;
    /// empty otherwise). A metric that does not apply to an answer is left out of its count.
    public static func taskMetrics(
        _ task: any AlgorithmicTask, logits: Tensor,
        batch: EncodedBatch
    ) -> [(sum: Double, count: Double)] {
        guard let pointerTask = task as? any PointerTask, let source = batch.pointerSource else { return [] }
        var totals = [(sum: Double, count: Double)](repeating: (0, 0), count: pointerTask.metricNames.count)
        for (b, answer) in pointerPredictions(logits: logits, batch: batch).enumerated() {
            for (k, value) in pointerTask.metrics(prediction: answer, input: source.inputValueRows(b)).enumerated() {
                if let value {
                    totals[k].sum += value
                    totals[k].count += 1
                }
            }
        }
        return totals
    }

    /// The reference's loss: per-position softmax cross-entropy averaged over batch and
    /// positions, unmasked (tasks/task.py `pointwise_loss_fn` and example.py's loss_fn).
    /// Real-valued targets: mean squared error over every value (torch.nn.MSELoss, as stable-nalu).
    public static func loss(logits: Tensor, batch: EncodedBatch) -> Tensor {
        if let values = batch.targetValues { return (logits - values).squared().mean() }
        if let bits = batch.targetBits {
            return binaryCrossEntropyWithLogits(logits: logits, targets: bits)
        }
        if batch.pointerSource != nil {
            // The mean over the positions of the answers: a hull's padding after its end marker
            // is not part of the answer.
            let total = Swift.max(batch.mask.reduce(0, +), 1)
            return softmaxCrossEntropy(
                logits: pointerLogits(logits, classes: batch.outputSize).reshaped([-1, batch.outputSize]),
                labels: batch.labels, weights: batch.mask.map { $0 / total })
        }
        return softmaxCrossEntropy(logits: logits.reshaped([-1, batch.outputSize]), labels: batch.labels)
    }

    /// Correct and counted masked positions (accuracy = correct / counted), plus wrong bits for bit tasks.
    /// For pointer tasks the unit is the whole answer, as in the papers: an example counts as
    /// correct when every masked position is.
    /// For real-valued tasks a batch is all right or all wrong: every masked position counts as
    /// correct when the batch's mean squared error is below its success threshold.
    public static func score(
        logits: Tensor, batch: EncodedBatch
    ) -> (correct: Double, counted: Double, bitErrors: Double?, accuracy: Double) {
        if batch.pointerSource != nil {
            var correct = 0.0
            for (b, answer) in pointerPredictions(logits: logits, batch: batch).enumerated() {
                let r = b * batch.outputLength
                if answer.indices.allSatisfy({ batch.mask[r + $0] == 0 || answer[$0] == batch.labels[r + $0] }) {
                    correct += 1
                }
            }
            let counted = Double(batch.batchSize)
            return (correct, counted, nil, counted > 0 ? correct / counted : 0)
        }
        if batch.targetValues != nil {
            let counted = Double(batch.mask.reduce(0, +))
            let (squared, values) = squaredError(logits: logits, batch: batch)
            let solved = batch.successThreshold.map { squared / Swift.max(values, 1) < $0 } ?? false
            return (solved ? counted : 0, counted, nil, solved && counted > 0 ? 1 : 0)
        }
        let o = batch.outputSize
        var correct = 0.0
        var counted = 0.0
        var bitErrors: Double? = nil
        logits.withUnsafeBufferPointer { p in
            if let bits = batch.targetBits {
                var wrong = 0.0
                bits.withUnsafeBufferPointer { t in
                    for r in 0..<batch.mask.count {
                        var rowRight = true
                        for k in 0..<o where (p[r * o + k] > 0) != (t[r * o + k] > 0.5) {
                            wrong += 1
                            rowRight = false
                        }
                        if batch.mask[r] > 0 {
                            counted += Double(batch.mask[r])
                            if rowRight { correct += Double(batch.mask[r]) }
                        }
                    }
                }
                bitErrors = wrong
            } else {
                for r in 0..<batch.labels.count where batch.mask[r] > 0 {
                    counted += Double(batch.mask[r])
                    if Kernels.firstMaximum(p, start: r * o, count: o) == batch.labels[r] {
                        correct += Double(batch.mask[r])
                    }
                }
            }
        }
        return (correct, counted, bitErrors, counted > 0 ? correct / counted : 0)
    }

    /// Sequences (rows) whose every masked position is predicted right, for token tasks.
    public static func exactMatches(logits: Tensor, batch: EncodedBatch) -> Double {
        let o = batch.outputSize
        let t = batch.outputLength
        var matches = 0.0
        logits.withUnsafeBufferPointer { p in
            for b in 0..<batch.batchSize {
                var right = true
                for r in b * t..<(b + 1) * t where batch.mask[r] > 0 {
                    if Kernels.firstMaximum(p, start: r * o, count: o) != batch.labels[r] {
                        right = false
                        break
                    }
                }
                if right { matches += 1 }
            }
        }
        return matches
    }

    /// The summed squared error of predictions against a real-valued batch's targets and the
    /// number of values summed (so several batches pool into one mean squared error).
    public static func squaredError(logits: Tensor, batch: EncodedBatch) -> (sum: Double, count: Double) {
        guard let targets = batch.targetValues else { return (0, 0) }
        precondition(logits.shape == targets.shape, "predictions \(logits.shape) against targets \(targets.shape)")
        var sum = 0.0
        logits.withUnsafeBufferPointer { p in
            targets.withUnsafeBufferPointer { t in
                for i in 0..<t.count {
                    let d = Double(p[i]) - Double(t[i])
                    sum += d * d
                }
            }
        }
        return (sum, Double(targets.count))
    }

    /// Accuracy of a uniform random guess: one symbol out of `outputSize`, or for bit-vector
    /// tasks (where a position counts as correct only if every bit is) 2^-outputSize.
    /// Pointer tasks: guessing every position of an answer of the literature's training length
    /// uniformly, (1/T_in)^T_out (an upper bound for a hull, whose answers are shorter).
    /// Real-valued tasks have no guess to compare with; they report 0.
    public static func randomGuessAccuracy(_ task: any AlgorithmicTask) -> Double {
        if task.outputKind == .reals { return 0 }
        if task.outputKind == .pointers {
            let n = task.defaultTrainLength
            let classes = Double(task.inputLength(forLength: n))
            return Foundation.pow(
                1 / classes, Double(task.outputLength(forInputLength: task.inputLength(forLength: n))))
        }
        return task.usesBitVectors
            ? Foundation.pow(0.5, Double(task.outputSize))
            : 1 / Double(Swift.max(task.outputSize, 1))
    }
}
