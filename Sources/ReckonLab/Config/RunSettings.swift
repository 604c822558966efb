import ReckonSupport
import ReckonTasks

/// The settings of a run, as opposed to its machine's or its task's: declared once here, they
/// are `reckon train`'s flags (`--batch-size 16`), `--set batch_size=16`, a sweep file's keys and
/// config.json's fields (flattened into `RunConfig`, under each property's name).
///
/// A new run setting is its declaration here (`recording: .whenChanged`, so existing configs and
/// sweep run ids stay as they were) and the code that uses it.
public struct RunSettings: SettingGroup, Equatable {
    /// The most training steps a run may ask for: a thousand times the paper's 10^6, and small
    /// enough that step counters and Adam's bias correction can never overflow.
    public static let maximumSteps = 1_000_000_000

    /// The most sequences evaluated per length: 2 000 times the paper's 512. Results are kept per
    /// sequence while a length is evaluated, so 4.6·10^18 once aborted allocating 1.27 GB.
    public static let maximumEvaluationSamples = 1_000_000

    @Setting("steps", "training steps", minimum: 1, maximum: Double(maximumSteps)) public var steps = 10_000
    @Setting("batch_size", "training batch size", minimum: 1) public var batchSize = 128
    @Setting("learning_rate", "Adam learning rate", above: 0) public var learningRate = 1e-3
    @Setting(
        "lr_schedule", "constant, or cosine decay to learning_rate x lr_decay_factor", recording: .whenChanged)
    public var lrSchedule = LearningRateSchedule.Kind.constant
    @Setting("warmup_steps", "steps of linear warm-up from 0", minimum: 0, recording: .whenChanged)
    public var warmupSteps = 0
    @Setting(
        "lr_decay_factor", "cosine: the rate at the end of training as a fraction of learning_rate", minimum: 0,
        maximum: 1,
        recording: .whenChanged)
    public var lrDecayFactor = 0.001
    @Setting(
        "weight_decay", "AdamW's decoupled weight decay (as torch.optim.AdamW and optax.adamw; 0: Adam)", minimum: 0,
        recording: .whenChanged)
    public var weightDecay = 0.0
    @Setting(
        "adam_beta2", "Adam's second-moment decay (0.98 in Nanda et al. 2023)", minimum: 0, below: 1,
        recording: .whenChanged)
    public var adamBeta2 = 0.999
    /// 0 turns clipping off, as the grokking papers train (Nanda et al.'s AdamW step clips nothing).
    @Setting("max_grad_norm", "global-norm gradient clipping (0: none)", minimum: 0) public var maxGradNorm = 1.0
    public var curriculum = Curriculum()
    @Setting(
        "eval_max_length", "longest evaluation length", minimum: 1, maximum: Double(maximumTaskLength),
        shownDefault: "the task's, 500 for the Chomsky suite")
    public var evalMaxLength = 500
    @Setting(
        "eval_samples", "sequences per evaluation length", minimum: 1, maximum: Double(maximumEvaluationSamples))
    public var evalSamples = 512
    @Setting("eval_batch_size", "sequences per evaluation sub-batch", minimum: 1) public var evalBatchSize = 64
    @Setting("seed", "random seed") public var seed: UInt64 = 0
    @Setting("checkpoint_every", "steps between checkpoints", minimum: 1) public var checkpointEvery = 1000
    @Setting("log_every", "steps between metrics.jsonl lines", minimum: 1) public var logEvery = 100
    /// Judged by `EvaluationDuringTraining.bestStep` in summary.json.
    @Setting(
        "eval_every", "steps between evaluations of every length during training, into metrics.jsonl (0: none)",
        minimum: 0, recording: .whenChanged)
    public var evalEvery = 0
    /// Table tasks: the accuracy that marks memorization (on the training entries) and grokking (on
    /// the held-out ones) in summary.json (`GrokkingSteps`).
    @Setting(
        "grok_threshold", "table tasks: the accuracy that counts as memorized (train) and grokked (held out)",
        maximum: 1, above: 0, recording: .whenChanged)
    public var grokThreshold = 0.99
    @Setting(
        "stop_when_grokked",
        "table tasks: stop training at the first evaluation whose held-out accuracy reaches "
            + "grok_threshold", recording: .whenChanged)
    public var stopWhenGrokked = false
    @Setting(
        "beam_width", "beam width of evaluation for autoregressive machines (1: greedy)", minimum: 1, maximum: 1000,
        recording: .whenChanged)
    public var beamWidth = 1
    @Setting(
        "grow_memory",
        "evaluate with memory sizes (stack_size, memory_size) grown to hold the longest input, as the paper protocol",
        recording: .whenChanged)
    public var growMemory = false

    public init() {}

    /// The learning-rate schedule the three settings above describe.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(kind: lrSchedule, warmupSteps: warmupSteps, decayFactor: lrDecayFactor)
    }

    public func problem() -> String? {
        if stopWhenGrokked && evalEvery == 0 {
            return "stop_when_grokked stops at an evaluation during training: it needs eval_every > 0"
        }
        return nil
    }

    /// Why the lengths cannot score a run over lengths, or nil: the score is measured on the lengths after
    /// the training ones. (Table tasks have no length axis; `RunValidation` asks only for the others.)
    public var lengthProblem: String? {
        if evalMaxLength <= curriculum.maxLength {
            let lengths = "train_length (\(curriculum.maxLength)) must be below eval_max_length (\(evalMaxLength))"
            return lengths + ": the score is measured on the lengths after it"
        }
        return nil
    }
}
