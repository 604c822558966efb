import Foundation
import Testing

@testable import ReckonLab
import ReckonMachines

/// The warm-up and cosine schedule against xLSTM's `compute_lr` (Grazzi et al.'s lr_scheduler.py),
/// whose values at these steps were worked out by hand from its formula.
@Suite struct LearningRateScheduleTests {
    @Test func warmupThenCosineMatchesTheirComputeLr() {
        let s = LearningRateSchedule(kind: .cosine, warmupSteps: 100, decayFactor: 0.001)
        let steps = 1100
        // Warm-up: 0 at step 0, half way at 50; the peak at 100; the cosine's midpoint at 600
        // (min + (max − min)/2); the floor at the last step.
        #expect(s.rate(1e-3, step: 0, of: steps) == 0)
        #expect(abs(s.rate(1e-3, step: 50, of: steps) - 5e-4) < 1e-12)
        #expect(abs(s.rate(1e-3, step: 100, of: steps) - 1e-3) < 1e-12)
        #expect(abs(s.rate(1e-3, step: 600, of: steps) - (1e-6 + 0.5 * (1e-3 - 1e-6))) < 1e-12)
        #expect(abs(s.rate(1e-3, step: 1100, of: steps) - 1e-6) < 1e-12)
    }

    @Test func constantWithWarmupHoldsAfterIt() {
        let s = LearningRateSchedule(warmupSteps: 10)
        #expect(abs(s.rate(2e-3, step: 5, of: 100) - 1e-3) < 1e-12)
        #expect(s.rate(2e-3, step: 10, of: 100) == 2e-3)
        #expect(s.rate(2e-3, step: 99, of: 100) == 2e-3)
    }

    /// The default is the constant rate, and a config that does not change it records none of
    /// the three settings (configs and sweep run ids of earlier runs stay as they were).
    @Test func theDefaultIsConstantAndUnrecorded() throws {
        let s = LearningRateSchedule()
        #expect(s.rate(1e-3, step: 0, of: 10) == 1e-3)
        let config = RunConfig(task: "parity_check", model: "lstm", machineSettings: StoredSettings([:]))
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        for name in ["lr_schedule", "warmup_steps", "lr_decay_factor"] {
            #expect(!json.contains(name), "\(name) recorded at its default")
        }
        #expect(!json.contains("schedule"))
    }
}
