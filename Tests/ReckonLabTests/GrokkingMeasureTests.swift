import Foundation
import ReckonSupport
import Testing

@testable import ReckonLab

/// The measures of a table run: the embedding's Fourier spectrum, the memorization and grokking
/// steps, and the order in which a split is trained on.
struct GrokkingMeasureTests {
    /// An embedding built from exactly two frequencies (with a constant offset and arbitrary phases per
    /// column) has those two as its key frequencies, and nearly all its norm there.
    @Test func aPlantedEmbeddingHasItsFrequenciesAsKeys() {
        let p = 113
        let width = 16
        let (k1, k2) = (14, 35)
        var rng = RandomGenerator(seed: 7)
        var e = [Float](repeating: 0, count: (p + 1) * width)
        for j in 0..<width {
            let (a, b, phase, offset) = (rng.nextDouble() + 0.5, rng.nextDouble() + 0.5, rng.nextDouble() * 6, 0.3)
            for x in 0..<p {
                let t = 2 * Double.pi * Double(x) / Double(p)
                e[x * width + j] = Float(a * cos(Double(k1) * t + phase) + b * sin(Double(k2) * t) + offset)
            }
            e[p * width + j] = Float(rng.nextDouble())  // The `=` token's row is not read.
        }
        let spectrum = FourierSpectrum(embedding: e, rows: p + 1, width: width, modulus: p)
        #expect(Set(spectrum.keyFrequencies) == [k1, k2])
        #expect(spectrum.keyShare > 0.999)
        #expect(spectrum.gini > 0.95)
        #expect(spectrum.constantNorm > 1)
    }

    /// A random embedding, as at initialization, has no key frequency and a low Gini coefficient.
    @Test func aRandomEmbeddingHasNoKeyFrequency() {
        let (p, width) = (113, 128)
        var rng = RandomGenerator(seed: 3)
        let e = (0..<(p * width)).map { _ in Float(rng.nextNormal()) }
        let spectrum = FourierSpectrum(embedding: e, rows: p, width: width, modulus: p)
        #expect(spectrum.keyFrequencies.isEmpty)
        #expect(spectrum.gini < 0.15)
        #expect(spectrum.norms.count == 56)
    }

    /// The Gini coefficient's two ends: all equal is 0, one holding everything is (K − 1)/K.
    @Test func giniRunsFromEvenToConcentrated() {
        let p = 11
        var flat = [Float](repeating: 0, count: p)
        for x in 0..<p { flat[x] = Float(cos(2 * Double.pi * 3 * Double(x) / Double(p))) }
        let one = FourierSpectrum(embedding: flat, rows: p, width: 1, modulus: p)
        #expect(abs(one.gini - 4.0 / 5.0) < 1e-6)  // The float embedding leaves ~1e-8 elsewhere.
        #expect(one.keyFrequencies == [3])
        // Two columns: cos k and sin k of every frequency k, each of unit norm, so every frequency holds the same.
        var even = [Float](repeating: 0, count: p * 10)
        for k in 1...5 {
            for x in 0..<p {
                let t = 2 * Double.pi * Double(k * x) / Double(p)
                even[x * 10 + 2 * (k - 1)] = Float(cos(t))
                even[x * 10 + 2 * (k - 1) + 1] = Float(sin(t))
            }
        }
        let flatSpectrum = FourierSpectrum(embedding: even, rows: p, width: 10, modulus: p)
        #expect(abs(flatSpectrum.gini) < 1e-6 && flatSpectrum.keyFrequencies.isEmpty)
    }

    @Test func grokkingStepsAreTheFirstEvaluationsOverTheThreshold() {
        func r(_ train: Double, _ test: Double) -> HeldOutResult {
            HeldOutResult(trainLoss: 0, trainAccuracy: train, testLoss: 0, testAccuracy: test, weightNorm: 1)
        }
        let steps = GrokkingSteps(
            [(300, r(1, 0.2)), (100, r(0.5, 0.01)), (200, r(0.995, 0.1)), (900, r(1, 0.999)), (1000, r(1, 1))],
            threshold: 0.99)
        #expect(steps.memorization == 200)
        #expect(steps.grokking == 900)
        #expect(steps.delayRatio == 4.5)
        #expect(GrokkingSteps([(100, r(0.5, 0.2))], threshold: 0.99) == GrokkingSteps([], threshold: 0.99))
    }

    /// Full batch trains on the whole split every step; smaller batches pass over the split once per
    /// epoch in an order drawn from (seed, epoch), so every entry is seen once an epoch.
    @Test func minibatchEpochsCoverTheSplitOncePerEpoch() {
        let train = Array(stride(from: 0, to: 200, by: 2))
        #expect(TableBatches(train: train, batchSize: 128, seed: 0).entries(forStep: 5) == train)
        let b = TableBatches(train: train, batchSize: 32, seed: 4)
        #expect(b.stepsPerEpoch == 4)
        for epoch in 0..<3 {
            let seen = (0..<4).flatMap { b.entries(forStep: epoch * 4 + $0) }
            #expect(seen.count == 100 && Set(seen) == Set(train))
        }
        #expect(b.entries(forStep: 0) != b.entries(forStep: 4))
        #expect(b.entries(forStep: 6) == TableBatches(train: train, batchSize: 32, seed: 4).entries(forStep: 6))
        #expect(b.entries(forStep: 3).count == 4)
    }
}
