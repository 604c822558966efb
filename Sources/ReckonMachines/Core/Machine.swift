import ReckonNN
import ReckonSupport
import ReckonTensor

/// A neural machine: a module mapping a sequence of input vectors to output logits.
///
/// Machines see the whole padded tape of the reference's "empty targets" readout (see
/// `Readout`): the input, optional computation tokens, then one blank per output. They
/// return logits at every position; `Readout` keeps the last `outputLength` of them. For a
/// task that tags each input position (`ForwardContext.outputsAtEachInput`) the tape is the
/// input alone and the logits are those at the input positions.
public protocol Machine: Module {
    /// Blank computation tokens per input token on the tape (the `computation_steps_mult` setting).
    var computationStepsMultiplier: Int { get }
    /// Logits [B, L, outputSize] for a tape x [B, L, D]. `inputLength` is the length of the
    /// task input before padding (the tape RNN jumps by it).
    func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor
    /// Autoregressive machines consume teacher-forced targets in training and decode greedily otherwise.
    var isAutoregressive: Bool { get }
    /// Whether the machine can answer at each input position (`ForwardContext.outputsAtEachInput`):
    /// every machine that reads its tape in place, and a decoder that runs its prompt causally.
    var answersAtEachInput: Bool { get }
    /// Whether the computation at a position uses the input's length (the tape RNN's jumps by it):
    /// declared, because a short test tape cannot show it (a jump lands far from the read head).
    var readsTheInputLength: Bool { get }
    /// Logits [B, T_out, outputSize] for task inputs x [B, T, inputSize] (one-hot or bit vectors).
    /// `targets` ([B, T_out, outputSize], one-hot) are given in training for autoregressive machines.
    func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor
    /// A term added to the task's loss at training step `step`, or nil (stable-nalu's sparsity
    /// regularizers, whose weight follows a schedule over the steps).
    func regularization(step: Int) -> Tensor?
    /// Called after every optimizer update (stable-nalu clips unit weights into their range there).
    func afterUpdate()
}

/// Per-call state for a forward pass: whether it is training, the random stream that dropout
/// and randomized positional encodings draw from (so runs are reproducible), the number of
/// iterations the task gives for this batch's length, and what an adaptive machine records
/// while it runs (a loss term, the steps it used).
public struct ForwardContext {
    public var training: Bool
    public var rng: RandomGenerator
    /// The number of iterations the task's literature runs a looped model for at this batch's
    /// length (Fan et al. 2025's T(n), `AlgorithmicTask.iterations(forLength:)`), or nil when
    /// the task names none or the caller does not know the length.
    public var taskIterations: Int?
    /// Whether the task's output t is read at input position t (`AlgorithmicTask.outputsAtEachInput`,
    /// the group word problems): the tape is then the input alone, with no computation tokens and
    /// no output blanks, so a recurrent machine need not carry every prefix's answer past the input.
    public var outputsAtEachInput: Bool
    /// A term the machine adds to the training loss in this pass (ACT's ponder cost τ·ρ); the
    /// trainer adds it to the task's loss and reports the task's loss alone.
    public private(set) var auxiliaryLoss: Tensor?
    /// Computation steps the machine used, summed over `stepsCounted` items (sequences, or
    /// positions for machines that halt per position); nil for machines of fixed depth.
    public private(set) var stepsUsed: Double?
    public private(set) var stepsCounted = 0
    /// Where the machine records what it computed (`reckon inspect`); nil, and so no work, otherwise.
    public var trace: MachineTrace?

    public init(training: Bool, rng: RandomGenerator, taskIterations: Int? = nil, outputsAtEachInput: Bool = false) {
        self.training = training
        self.rng = rng
        self.taskIterations = taskIterations
        self.outputsAtEachInput = outputsAtEachInput
    }
    /// An evaluation context (no dropout, no randomization).
    public static var evaluation: ForwardContext { ForwardContext(training: false, rng: RandomGenerator(seed: 0)) }

    /// Adds `term` to this pass's auxiliary loss.
    public mutating func addLoss(_ term: Tensor) {
        auxiliaryLoss = auxiliaryLoss.map { $0 + term } ?? term
    }

    /// Records that `count` items used `total` computation steps between them (ACT's ponder
    /// N(t) + R(t) summed over positions, or iterations times sequences for a looped model).
    public mutating func recordSteps(_ total: Double, over count: Int) {
        stepsUsed = (stepsUsed ?? 0) + total
        stepsCounted += count
    }

    /// Mean steps used per counted item, or nil when the machine recorded none.
    public var meanStepsUsed: Double? {
        guard let stepsUsed, stepsCounted > 0 else { return nil }
        return stepsUsed / Double(stepsCounted)
    }
}

extension Machine {
    public var isAutoregressive: Bool { false }

    public var answersAtEachInput: Bool { !isAutoregressive }

    public var readsTheInputLength: Bool { false }

    public func regularization(step: Int) -> Tensor? { nil }

    public func afterUpdate() {}

    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        if context.outputsAtEachInput {
            precondition(outputLength == x.shape[1], "outputs at each input: one output per input position")
            let tape = Readout.inputTape(x, computationStepsMultiplier: computationStepsMultiplier)
            return forward(tape, inputLength: x.shape[1], context: &context)
        }
        let tape = Readout.tape(x, outputLength: outputLength, computationStepsMultiplier: computationStepsMultiplier)
        let out = forward(tape, inputLength: x.shape[1], context: &context)
        let total = out.shape[1]
        return out.slice(axis: 1, total - outputLength..<total)
    }
}
