import ReckonSupport
import ReckonTensor

/// Independent random streams derived from (seed, purpose, index) alone.
///
/// Why: a resumed run must draw exactly the numbers the uninterrupted run drew. Deriving
/// each step's generator from the step number, instead of advancing one generator through
/// the whole run, makes that true without saving generator state in checkpoints.
public enum StepStreams {
    public enum Purpose: UInt64 {
        case initialization = 1, length = 2, batch = 3, forward = 4, evaluation = 5, inspection = 6, extraction = 7
        /// The training split of an exported dataset: example i from (seed, dataset, i).
        case dataset = 8
    }

    public static func generator(seed: UInt64, _ purpose: Purpose, _ index: Int = 0) -> RandomGenerator {
        // SplitMix64 finalizer over a combination of the three inputs.
        var z =
            seed &* 0x9E37_79B9_7F4A_7C15 &+ purpose.rawValue &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(
                bitPattern: Int64(index)) &* 0x94D0_49BB_1331_11EB
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return RandomGenerator(seed: z ^ (z >> 31))
    }
}
