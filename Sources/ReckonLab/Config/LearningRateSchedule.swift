import Foundation
import ReckonSupport

/// How the learning rate moves over training: constant (the Chomsky reference), or xLSTM's
/// `LinearWarmupCosineAnnealing` that Grazzi et al. train with (their lr_scheduler.py): linear
/// from 0 over `warmup_steps`, then a cosine from the rate down to rate · `lr_decay_factor` at
/// the end of training (step = steps, one past the last, as theirs). Its settings (`lr_schedule`,
/// `warmup_steps`, `lr_decay_factor`) are run settings, written to config.json only when changed,
/// so runs at the constant rate keep their configs, sweep run ids and bytes.
public struct LearningRateSchedule: Equatable, Sendable {
    /// The shapes after the warm-up.
    public enum Kind: String, SettingChoice {
        /// The rate stays where the warm-up (if any) brought it.
        case constant
        /// Cosine annealing to rate · lr_decay_factor at the end of training.
        case cosine
    }

    public var kind = Kind.constant
    public var warmupSteps = 0
    // Grazzi et al.'s parity_delta_net.yaml: lr_decay_factor 0.001.
    public var decayFactor = 0.001

    public init(kind: Kind = .constant, warmupSteps: Int = 0, decayFactor: Double = 0.001) {
        self.kind = kind
        self.warmupSteps = warmupSteps
        self.decayFactor = decayFactor
    }

    /// Whether every step trains at the base rate.
    public var isConstant: Bool { kind == .constant && warmupSteps == 0 }

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
