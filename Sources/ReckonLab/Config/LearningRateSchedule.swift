import Foundation
import ReckonSupport

/// How the learning rate moves over training: constant (the Chomsky reference), or xLSTM's
/// `LinearWarmupCosineAnnealing` that Grazzi et al. train with (their lr_scheduler.py): linear
/// from 0 over `warmup_steps`, then a cosine from the rate down to rate · `lr_decay_factor` at
/// the last step. Every setting is written to config.json only when changed, so runs at the
/// constant rate keep their configs, sweep run ids and bytes.
public struct LearningRateSchedule: SettingGroup, Equatable {
    /// The shapes after the warm-up.
    public enum Kind: String, SettingChoice {
        /// The rate stays where the warm-up (if any) brought it.
        case constant
        /// Cosine annealing to rate · lr_decay_factor at the last step.
        case cosine
    }

    @Setting("lr_schedule", "constant, or cosine decay to learning_rate x lr_decay_factor", recording: .whenChanged)
    public var kind = Kind.constant
    @Setting("warmup_steps", "steps of linear warm-up from 0", minimum: 0, recording: .whenChanged)
    public var warmupSteps = 0
    // Grazzi et al.'s parity_delta_net.yaml: lr_decay_factor 0.001.
    @Setting(
        "lr_decay_factor", "cosine: the last step's rate as a fraction of learning_rate", minimum: 0, maximum: 1,
        recording: .whenChanged)
    public var decayFactor = 0.001

    public init() {}

    /// The rate of step `step` (0-based) of `steps`, as their `compute_lr(step, warmup_steps,
    /// decay_until_step = steps, max_lr = rate, min_lr = rate · lr_decay_factor)`: step 0 of a
    /// warm-up trains at rate 0, as theirs.
    public func rate(_ base: Double, step: Int, of steps: Int) -> Double {
        if step < warmupSteps { return base * Double(step) / Double(warmupSteps) }
        guard kind == .cosine, steps > warmupSteps else { return base }
        let low = base * decayFactor
        let progress = min(1, Double(step - warmupSteps) / Double(steps - warmupSteps))
        return low + 0.5 * (1 + cos(Double.pi * progress)) * (base - low)
    }
}
