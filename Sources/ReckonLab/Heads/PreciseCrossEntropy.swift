import Foundation
import ReckonTensor

/// −log softmax(logits)[label] of one row of float logits, summed in double precision, and whether the
/// row's first maximum is the label: what the held-out measures of a table run (Nanda et al.'s
/// `cross_entropy_high_precision`) and the bits of next-symbol prediction read, where a float32 loss
/// of a confident machine would be mostly rounding.
enum PreciseCrossEntropy {
    static func row(
        _ logits: UnsafeBufferPointer<Float>, start: Int, classes: Int, label: Int
    ) -> (nats: Double, right: Bool) {
        var top = -Double.infinity
        for c in 0..<classes { top = Swift.max(top, Double(logits[start + c])) }
        var total = 0.0
        for c in 0..<classes { total += Foundation.exp(Double(logits[start + c]) - top) }
        let nats = top + Foundation.log(total) - Double(logits[start + label])
        return (nats, Kernels.firstMaximum(logits, start: start, count: classes) == label)
    }
}
