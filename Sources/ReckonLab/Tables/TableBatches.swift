import ReckonTasks

/// The training entries of each step on a table task: the whole training split every step when the
/// batch holds it (full batch, as Nanda et al. 2023), else epochs of minibatches over the split, each
/// epoch in its own shuffled order (Power et al. 2022 train with batch 512).
///
/// Epoch e's order comes from `StepStreams` keyed by (seed, e), so a run resumed at any step draws
/// the same batches as one that never stopped.
struct TableBatches: Sendable {
    let train: [Int]
    let batchSize: Int
    let seed: UInt64

    /// Whether every step trains on the whole split.
    var isFullBatch: Bool { batchSize >= train.count }

    /// Steps per pass over the split; the last batch of an epoch holds what is left.
    var stepsPerEpoch: Int { isFullBatch ? 1 : (train.count + batchSize - 1) / batchSize }

    /// The entries of step `s` (0-based).
    func entries(forStep s: Int) -> [Int] {
        if isFullBatch { return train }
        let epoch = s / stepsPerEpoch
        let k = s % stepsPerEpoch
        var order = train
        var rng = StepStreams.generator(seed: seed, .batch, epoch)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        return Array(order[(k * batchSize)..<Swift.min((k + 1) * batchSize, order.count)])
    }
}
