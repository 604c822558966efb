import ReckonTasks
import ReckonTensor

/// How a machine's logits [B, T_out, outputSize] meet one kind of task output: the loss, the
/// score of a training step, the decoded answer, and the metrics of an evaluation length.
///
/// One head per `TaskOutputKind`, chosen once per run (`OutputHeads.head(for:)`); nothing else in
/// the Lab asks what kind of output a task has. A new kind of output is a new head and its case
/// in `OutputHeads`.
public protocol OutputHead: Sendable {
    /// What one sub-batch of an evaluation length measured, pooled by `lengthResult`.
    associatedtype Metrics

    /// The width of an input position (the task's input symbols, counted, and the start symbol of
    /// next-symbol prediction).
    var inputSize: Int { get }
    /// The task's batch sampled at `length`, as tensors.
    func encode(_ batch: Batch, length: Int) -> EncodedBatch
    /// Numbers per output position for inputs of `inputLength` positions: the classes a machine
    /// chooses among (the input length for pointers), or the bits or values of a target vector.
    func outputWidth(inputLength: Int) -> Int
    /// The training loss of logits against the batch's target.
    func loss(logits: Tensor, batch: EncodedBatch) -> Tensor
    /// Correct and counted masked positions (accuracy = correct / counted), and wrong bits where
    /// targets are bits.
    func score(logits: Tensor, batch: EncodedBatch) -> BatchScore
    /// The decoded answer of every example, in the form of the batch's target.
    func prediction(logits: Tensor, batch: EncodedBatch) -> Payload
    /// What evaluation records of one sub-batch.
    func metrics(logits: Tensor, batch: EncodedBatch) -> Metrics
    /// One length's result from the metrics of its sub-batches (in the order they were drawn)
    /// and the number of sequences they held.
    func lengthResult(length: Int, samples: Int, metrics: [Metrics]) -> LengthResult
    /// The accuracy of a uniform random guess, as the score counts it.
    var randomGuessAccuracy: Double { get }
    /// Whether a loss of `Trainer.lossWarningThreshold` or more means unstable training.
    var largeLossMeansInstability: Bool { get }
    /// The logits beam search ranks the classes of a step by.
    func decodingLogits(_ logits: Tensor, batch: EncodedBatch) -> Tensor
    /// The class whose choice ends an answer (a hull's end marker), if any.
    func endClass(of batch: EncodedBatch) -> Int?
    /// Whether one pass at the longest length measures every shorter length (`prefixResults`), as
    /// next-symbol prediction by a causal machine does.
    var measuresEveryPrefix: Bool { get }
    /// The result of every length 1 ... T from the metrics of sub-batches of length T, when
    /// `measuresEveryPrefix`; nil otherwise.
    func prefixResults(samples: Int, metrics: [Metrics]) -> [LengthResult]?
}

extension OutputHead {
    /// The task's batch sampled at `length`, as tensors.
    public func encode(_ batch: Batch, length: Int) -> EncodedBatch {
        EncodedBatch(
            batch, inputSize: inputSize, outputSize: outputWidth(inputLength: batch.inputLength), length: length)
    }

    public var largeLossMeansInstability: Bool { true }

    public var measuresEveryPrefix: Bool { false }

    public func prefixResults(samples: Int, metrics: [Metrics]) -> [LengthResult]? { nil }

    public func decodingLogits(_ logits: Tensor, batch: EncodedBatch) -> Tensor { logits }

    public func endClass(of batch: EncodedBatch) -> Int? { nil }

    /// Sequences whose every masked position `isRight` says is right.
    func exactMatches(_ batch: EncodedBatch, isRight: (_ position: Int) -> Bool) -> Double {
        var matches = 0.0
        for b in 0..<batch.batchSize {
            let rows = b * batch.outputLength..<(b + 1) * batch.outputLength
            if rows.allSatisfy({ batch.mask[$0] > 0 ? isRight($0) : true }) { matches += 1 }
        }
        return matches
    }
}
