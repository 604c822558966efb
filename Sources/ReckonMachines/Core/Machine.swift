import ReckonNN
import ReckonSupport
import ReckonTensor

/// A neural machine: a module mapping a sequence of input vectors to output logits.
///
/// Machines see the whole padded tape of the reference's "empty targets" readout (see
/// `Readout`): the input, optional computation tokens, then one blank per output. They
/// return logits at every position; `Readout` keeps the last `outputLength` of them.
public protocol Machine: Module {
    /// Blank computation tokens per input token on the tape (the `computation_steps_mult` setting).
    var computationStepsMultiplier: Int { get }
    /// Logits [B, L, outputSize] for a tape x [B, L, D]. `inputLength` is the length of the
    /// task input before padding (the tape RNN jumps by it).
    func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor
    /// Autoregressive machines consume teacher-forced targets in training and decode greedily otherwise.
    var isAutoregressive: Bool { get }
    /// Logits [B, T_out, outputSize] for task inputs x [B, T, inputSize] (one-hot or bit vectors).
    /// `targets` ([B, T_out, outputSize], one-hot) are given in training for autoregressive machines.
    func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor
    /// A term added to the task's loss at training step `step`, or nil (stable-nalu's sparsity
    /// regularizers, whose weight follows a schedule over the steps).
    func regularization(step: Int) -> Tensor?
    /// Called after every optimizer update (stable-nalu clips unit weights into their range there).
    func afterUpdate()
}

/// Per-call state for a forward pass: whether it is training, and the random stream that
/// dropout and randomized positional encodings draw from (so runs are reproducible).
public struct ForwardContext {
    public var training: Bool
    public var rng: RandomGenerator
    public init(training: Bool, rng: RandomGenerator) { self.training = training; self.rng = rng }
    /// An evaluation context (no dropout, no randomization).
    public static var evaluation: ForwardContext { ForwardContext(training: false, rng: RandomGenerator(seed: 0)) }
}

extension Machine {
    public var isAutoregressive: Bool { false }

    public func regularization(step: Int) -> Tensor? { nil }

    public func afterUpdate() {}

    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let tape = Readout.tape(x, outputLength: outputLength, computationStepsMultiplier: computationStepsMultiplier)
        let out = forward(tape, inputLength: x.shape[1], context: &context)
        let total = out.shape[1]
        return out.slice(axis: 1, total - outputLength..<total)
    }
}
