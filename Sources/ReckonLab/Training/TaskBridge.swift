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
        } else {
            input = oneHot(batch.input, idShape: [batch.batchSize, batch.inputLength], depth: task.inputSize)
        }
        let targetBits = batch.targetBits.map { Tensor($0, shape: [batch.batchSize, batch.outputLength, batch.targetBitWidth]) }
        return EncodedBatch(input: input, batchSize: batch.batchSize, outputLength: batch.outputLength,
                            outputSize: task.outputSize, labels: batch.target, targetBits: targetBits, mask: batch.mask)
    }

    /// The reference's loss: per-position softmax cross-entropy averaged over batch and
    /// positions, unmasked (tasks/task.py `pointwise_loss_fn` and example.py's loss_fn).
    public static func loss(logits: Tensor, batch: EncodedBatch) -> Tensor {
        if let bits = batch.targetBits {
            return binaryCrossEntropyWithLogits(logits: logits, targets: bits)
        }
        return softmaxCrossEntropy(logits: logits.reshaped([-1, batch.outputSize]), labels: batch.labels)
    }

    /// Correct and counted masked positions (accuracy = correct / counted), plus wrong bits for bit tasks.
    public static func score(logits: Tensor, batch: EncodedBatch) -> (correct: Double, counted: Double, bitErrors: Double?, accuracy: Double) {
        let o = batch.outputSize
        var correct = 0.0, counted = 0.0
        var bitErrors: Double? = nil
        logits.withUnsafeBufferPointer { p in
            if let bits = batch.targetBits {
                var wrong = 0.0
                bits.withUnsafeBufferPointer { t in
                    for r in 0..<batch.mask.count {
                        var rowRight = true
                        for k in 0..<o where (p[r * o + k] > 0) != (t[r * o + k] > 0.5) { wrong += 1; rowRight = false }
                        if batch.mask[r] > 0 { counted += Double(batch.mask[r]); if rowRight { correct += Double(batch.mask[r]) } }
                    }
                }
                bitErrors = wrong
            } else {
                for r in 0..<batch.labels.count where batch.mask[r] > 0 {
                    var best = 0
                    for k in 1..<Swift.max(o, 1) where p[r * o + k] > p[r * o + best] { best = k }
                    counted += Double(batch.mask[r])
                    if best == batch.labels[r] { correct += Double(batch.mask[r]) }
                }
            }
        }
        return (correct, counted, bitErrors, counted > 0 ? correct / counted : 0)
    }

    /// Accuracy of a uniform random guess: one symbol out of `outputSize`, or for bit-vector
    /// tasks (where a position counts as correct only if every bit is) 2^-outputSize.
    public static func randomGuessAccuracy(_ task: any AlgorithmicTask) -> Double {
        task.usesBitVectors ? Foundation.pow(0.5, Double(task.outputSize)) : 1 / Double(Swift.max(task.outputSize, 1))
    }
}
