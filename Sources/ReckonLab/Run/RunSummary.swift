import ReckonTensor

/// Where a run stands, as summary.json's `"status"` says.
public enum RunStatus: String, Codable, Sendable {
    /// Trained and evaluated: the summary holds the score.
    case complete
    /// A loss or gradient norm became NaN or infinite; training stopped before saving it.
    /// Sweeps count such runs as failed, not as scores.
    case diverged
    /// Training finished but evaluation did not (interrupted or killed); `reckon eval RUN`
    /// or `reckon train --resume RUN` completes it.
    case evaluationIncomplete = "evaluation_incomplete"
}

/// summary.json: the run's headline numbers. Evaluation fields are nil unless the status is
/// `complete`; the divergence fields are set only when it is `diverged`.
public struct RunSummary: Codable, Equatable, Sendable {
    public var status: RunStatus
    public var task: String
    public var model: String
    public var seed: UInt64
    /// Mean accuracy over lengths trainLength+1 ... evalMaxLength (the benchmark's score).
    public var score: Double?
    /// Mean accuracy over lengths 1 ... trainLength.
    public var trainLengthAccuracy: Double?
    /// The score scaled against the task's chance level, clipped at 0 (`ScaledAccuracy`, Grazzi et al.
    /// 2025); nil for tasks without one (`AlgorithmicTask.chanceAccuracy`) and in summaries written before.
    public var scaledScore: Double?
    /// The training-length accuracy, scaled the same way.
    public var trainLengthScaledAccuracy: Double?
    /// Accuracy of guessing uniformly among the output symbols.
    public var randomGuessAccuracy: Double
    public var trainLength: Int
    public var evalMaxLength: Int
    /// Completed training steps (for a diverged run: those before the step that diverged).
    public var steps: Int
    public var trainSeconds: Double
    public var evalSeconds: Double?
    /// Nil when the training time is unknown (a run whose metrics were lost).
    public var stepsPerSecond: Double?
    public var parameterCount: Int
    public var protocolName: String
    public var reckonVersion: String
    /// Mean bit errors per sequence over the unseen lengths, for bit-vector tasks.
    public var bitErrorsPerSequence: Double?
    /// The step whose loss or gradient norm was not finite.
    public var divergedAtStep: Int?
    /// What was not finite, e.g. "loss is nan".
    public var divergence: String?
    /// The step of the checkpoint kept on disk (nil when none was written).
    public var lastCheckpointStep: Int?
    /// The BLAS library, version and kernel this process ran.
    public var blas: BLASInfo?
    /// The task's own metrics (pointer tasks), each the mean over the unseen lengths.
    public var taskMetrics: [String: Double]?
    /// Mean squared error over the unseen lengths, for real-valued tasks (the extrapolation error).
    public var mse: Double?
    /// For real-valued tasks: every unseen length's error below the task's success threshold
    /// (Madsen & Johansen's criterion); nil for other tasks.
    public var solved: Bool?
    /// Mean exact match (whole answers right) over the unseen lengths, for tasks that report it.
    public var exactMatch: Double?
    /// Runs evaluated during training (`--eval-every`): the step with the best result on the
    /// training lengths (`EvaluationDuringTraining.bestStep`), the score there and, for
    /// real-valued tasks, whether it was solved there (stable-nalu's rule).
    public var bestStep: Int?
    public var scoreAtBestStep: Double?
    public var solvedAtBestStep: Bool?
    /// Mean computation steps used over the unseen lengths and over the training lengths, for
    /// machines whose depth adapts (`LengthResult.stepsUsed`); eval.csv has them per length.
    public var stepsUsed: Double?
    public var trainLengthStepsUsed: Double?
    /// What the evaluation ran over: nil for the lengths 1 … evalMaxLength; "held_out_entries" for a
    /// table task, which has no length axis: its score is the accuracy on the entries training never saw.
    public var evaluationAxis: String?
    /// A table run's measures (`HeldOutSummary`): train and held-out loss and accuracy, the memorization
    /// and grokking steps, the weight norm and the embedding's Fourier spectrum.
    public var heldOut: HeldOutSummary?
    /// A next-symbol prediction run's log-loss in bits and its regret (`PredictionSummary`); its
    /// score stays the mean accuracy over the unseen lengths, so sweeps rank it as any run.
    public var prediction: PredictionSummary?
    /// A run scored from predictions made outside Reckon (`reckon score`): its model is the name they
    /// were given, and `dataset` the exported dataset's id. Nil (not written) for Reckon's own runs.
    public var external: Bool?
    public var dataset: String?

    /// `evaluationAxis` of a table run.
    public static let heldOutAxis = "held_out_entries"

    public init(
        status: RunStatus, task: String, model: String, seed: UInt64, score: Double?,
        trainLengthAccuracy: Double?, randomGuessAccuracy: Double, trainLength: Int, evalMaxLength: Int,
        steps: Int, trainSeconds: Double, evalSeconds: Double?, stepsPerSecond: Double?, parameterCount: Int,
        protocolName: String, reckonVersion: String, bitErrorsPerSequence: Double? = nil,
        divergedAtStep: Int? = nil, divergence: String? = nil,
        lastCheckpointStep: Int? = nil, blas: BLASInfo? = nil, mse: Double? = nil, solved: Bool? = nil,
        exactMatch: Double? = nil, taskMetrics: [String: Double]? = nil,
        bestStep: EvaluationDuringTraining.BestStep? = nil, stepsUsed: Double? = nil,
        trainLengthStepsUsed: Double? = nil, scaledScore: Double? = nil, trainLengthScaledAccuracy: Double? = nil,
        heldOut: HeldOutSummary? = nil, prediction: PredictionSummary? = nil
    ) {
        self.status = status
        self.task = task
        self.model = model
        self.seed = seed
        self.score = score
        self.trainLengthAccuracy = trainLengthAccuracy
        self.randomGuessAccuracy = randomGuessAccuracy
        self.trainLength = trainLength
        self.evalMaxLength = evalMaxLength
        self.steps = steps
        self.trainSeconds = trainSeconds
        self.evalSeconds = evalSeconds
        self.stepsPerSecond = stepsPerSecond
        self.parameterCount = parameterCount
        self.protocolName = protocolName
        self.reckonVersion = reckonVersion
        self.bitErrorsPerSequence = bitErrorsPerSequence
        self.divergedAtStep = divergedAtStep
        self.divergence = divergence
        self.lastCheckpointStep = lastCheckpointStep
        self.blas = blas
        self.taskMetrics = taskMetrics
        self.mse = mse
        self.solved = solved
        self.exactMatch = exactMatch
        self.bestStep = bestStep?.step
        self.scoreAtBestStep = bestStep?.score
        self.solvedAtBestStep = bestStep?.solved
        self.stepsUsed = stepsUsed
        self.trainLengthStepsUsed = trainLengthStepsUsed
        self.scaledScore = scaledScore
        self.trainLengthScaledAccuracy = trainLengthScaledAccuracy
        self.heldOut = heldOut
        self.prediction = prediction
        evaluationAxis = heldOut == nil ? nil : Self.heldOutAxis
    }

    enum CodingKeys: String, CodingKey {
        case status, task, model, seed, score, steps, divergence
        case trainLengthAccuracy = "train_length_accuracy"
        case randomGuessAccuracy = "random_guess_accuracy"
        case trainLength = "train_length"
        case evalMaxLength = "eval_max_length"
        case trainSeconds = "train_seconds"
        case evalSeconds = "eval_seconds"
        case stepsPerSecond = "steps_per_s"
        case parameterCount = "parameter_count"
        case protocolName = "protocol"
        case reckonVersion = "reckon_version"
        case bitErrorsPerSequence = "bit_errors_per_sequence"
        case divergedAtStep = "diverged_at_step"
        case lastCheckpointStep = "last_checkpoint_step"
        case blas
        case taskMetrics = "task_metrics"
        case mse, solved
        case exactMatch = "exact_match"
        case bestStep = "best_step"
        case scoreAtBestStep = "score_at_best_step"
        case solvedAtBestStep = "solved_at_best_step"
        case stepsUsed = "steps_used"
        case trainLengthStepsUsed = "train_length_steps_used"
        case scaledScore = "scaled_score"
        case trainLengthScaledAccuracy = "train_length_scaled_accuracy"
        case evaluationAxis = "evaluation"
        case heldOut = "held_out"
        case prediction, external, dataset
    }

    /// Summaries written before `status` existed were all complete.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(RunStatus.self, forKey: .status) ?? .complete
        task = try c.decode(String.self, forKey: .task)
        model = try c.decode(String.self, forKey: .model)
        seed = try c.decode(UInt64.self, forKey: .seed)
        score = try c.decodeIfPresent(Double.self, forKey: .score)
        trainLengthAccuracy = try c.decodeIfPresent(Double.self, forKey: .trainLengthAccuracy)
        randomGuessAccuracy = try c.decode(Double.self, forKey: .randomGuessAccuracy)
        trainLength = try c.decode(Int.self, forKey: .trainLength)
        evalMaxLength = try c.decode(Int.self, forKey: .evalMaxLength)
        steps = try c.decode(Int.self, forKey: .steps)
        trainSeconds = try c.decode(Double.self, forKey: .trainSeconds)
        evalSeconds = try c.decodeIfPresent(Double.self, forKey: .evalSeconds)
        stepsPerSecond = try c.decodeIfPresent(Double.self, forKey: .stepsPerSecond)
        parameterCount = try c.decode(Int.self, forKey: .parameterCount)
        protocolName = try c.decode(String.self, forKey: .protocolName)
        reckonVersion = try c.decode(String.self, forKey: .reckonVersion)
        bitErrorsPerSequence = try c.decodeIfPresent(Double.self, forKey: .bitErrorsPerSequence)
        divergedAtStep = try c.decodeIfPresent(Int.self, forKey: .divergedAtStep)
        divergence = try c.decodeIfPresent(String.self, forKey: .divergence)
        lastCheckpointStep = try c.decodeIfPresent(Int.self, forKey: .lastCheckpointStep)
        blas = try c.decodeIfPresent(BLASInfo.self, forKey: .blas)
        taskMetrics = try c.decodeIfPresent([String: Double].self, forKey: .taskMetrics)
        mse = try c.decodeIfPresent(Double.self, forKey: .mse)
        solved = try c.decodeIfPresent(Bool.self, forKey: .solved)
        exactMatch = try c.decodeIfPresent(Double.self, forKey: .exactMatch)
        bestStep = try c.decodeIfPresent(Int.self, forKey: .bestStep)
        scoreAtBestStep = try c.decodeIfPresent(Double.self, forKey: .scoreAtBestStep)
        solvedAtBestStep = try c.decodeIfPresent(Bool.self, forKey: .solvedAtBestStep)
        stepsUsed = try c.decodeIfPresent(Double.self, forKey: .stepsUsed)
        trainLengthStepsUsed = try c.decodeIfPresent(Double.self, forKey: .trainLengthStepsUsed)
        scaledScore = try c.decodeIfPresent(Double.self, forKey: .scaledScore)
        trainLengthScaledAccuracy = try c.decodeIfPresent(Double.self, forKey: .trainLengthScaledAccuracy)
        evaluationAxis = try c.decodeIfPresent(String.self, forKey: .evaluationAxis)
        heldOut = try c.decodeIfPresent(HeldOutSummary.self, forKey: .heldOut)
        prediction = try c.decodeIfPresent(PredictionSummary.self, forKey: .prediction)
        external = try c.decodeIfPresent(Bool.self, forKey: .external)
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
    }

    /// What makes this summary impossible, or nil: every accuracy it states (the score, the training-length
    /// accuracy, the random baseline, exact match, the score at the best step, the scaled ones) is a fraction
    /// of answers, or one scaled and clipped to 0...1, so a finite number in 0...1. A summary.json saying
    /// `"score": 1e308` was once shown as a 309-digit score.
    public var implausibility: String? {
        let fractions: [(String, Double?)] = [
            (CodingKeys.score.rawValue, score), (CodingKeys.trainLengthAccuracy.rawValue, trainLengthAccuracy),
            (CodingKeys.randomGuessAccuracy.rawValue, randomGuessAccuracy),
            (CodingKeys.exactMatch.rawValue, exactMatch), (CodingKeys.scoreAtBestStep.rawValue, scoreAtBestStep),
            (CodingKeys.scaledScore.rawValue, scaledScore),
            (CodingKeys.trainLengthScaledAccuracy.rawValue, trainLengthScaledAccuracy),
            ("held_out.final.train_accuracy", heldOut?.final.trainAccuracy),
            ("held_out.final.test_accuracy", heldOut?.final.testAccuracy),
        ]
        for case let (name, value?) in fractions where !(value.isFinite && (0...1).contains(value)) {
            return "'\(name)' is \(value), but an accuracy is a number from 0 to 1"
        }
        return nil
    }
}
