import Foundation

/// Plain-text report of a run: accuracy by length band, the score and its baseline.
public enum SummaryTable {
    /// Length bands: the training lengths, then the unseen range cut at 100 and 250 (as in
    /// the demo's 1–40 / 41–100 / 101–250 / 251–500), trimmed to the evaluated range.
    public static func bands(trainLength: Int, maxLength: Int) -> [ClosedRange<Int>] {
        var bands = [1...trainLength]
        var lower = trainLength + 1
        for cut in [100, 250, maxLength] where cut >= lower && cut <= maxLength {
            bands.append(lower...cut)
            lower = cut + 1
        }
        return bands
    }

    public static func render(_ s: RunSummary, evaluation: [LengthResult], folder: String) -> String {
        var lines: [String] = []
        lines.append("\(s.model) on \(s.task) (seed \(s.seed), \(s.steps) steps, \(s.parameterCount) parameters)")
        if let held = s.heldOut {
            return (lines + heldOutLines(held, s) + closing(s, folder: folder)).joined(separator: "\n")
        }
        for band in bands(trainLength: s.trainLength, maxLength: s.evalMaxLength) {
            let acc = RangeEvaluator.meanAccuracy(evaluation, in: band)
            let label = band.upperBound <= s.trainLength ? "seen" : "unseen"
            var line = String(
                format: "  lengths %@  %@  accuracy %.3f",
                "\(band.lowerBound)-\(band.upperBound)".padding(toLength: 8, withPad: " ", startingAt: 0),
                label.padding(toLength: 6, withPad: " ", startingAt: 0), acc)
            if let b = RangeEvaluator.meanBitErrors(evaluation, in: band) {
                line += String(format: "  bit errors/seq %.2f", b)
            }
            let metrics = RangeEvaluator.meanTaskMetrics(evaluation, in: band) ?? [:]
            for (name, value) in metrics.sorted(by: { $0.key < $1.key }) {
                line += "  \(name) " + String(format: "%.3f", value)
            }
            if let x = RangeEvaluator.meanExactMatch(evaluation, in: band) {
                line += String(format: "  exact match %.3f", x)
            }
            if let e = RangeEvaluator.meanSquaredError(evaluation, in: band) {
                let limit = evaluation.first { band.contains($0.length) }?.mseThreshold ?? .nan
                line += String(format: "  mse %.3e (success below %.3e)", e, limit)
            }
            lines.append(line)
        }
        if let solved = s.solved {
            lines.append(
                String(
                    format: "  %@: extrapolation mse %.3e on lengths %d-%d (success = mse below the "
                        + "error of a near-perfect solution, Madsen & Johansen 2020)",
                    solved ? "solved" : "not solved", s.mse ?? .nan, s.trainLength + 1, s.evalMaxLength))
        } else {
            lines.append(
                String(
                    format: "  score %.3f (mean accuracy on lengths %d-%d; uniform random guess %.3f)",
                    s.score ?? .nan, s.trainLength + 1, s.evalMaxLength, s.randomGuessAccuracy))
            if let scaled = s.scaledScore {
                lines.append(
                    String(
                        format: "  scaled accuracy %.3f ((score - random) / (1 - random), clipped at 0; "
                            + "Grazzi et al. 2025)", scaled))
            }
        }
        if let step = s.bestStep, let score = s.scoreAtBestStep {
            let verdict = s.solvedAtBestStep.map { $0 ? "solved" : "not solved" } ?? String(format: "score %.3f", score)
            lines.append(
                "  best of the last evaluations on lengths 1-\(s.trainLength), at step \(step): \(verdict)")
        }
        return (lines + closing(s, folder: folder)).joined(separator: "\n")
    }

    /// A table run's lines: training and held-out entries, when it memorized and grokked, its weights.
    static func heldOutLines(_ h: HeldOutSummary, _ s: RunSummary) -> [String] {
        let f = h.final
        func step(_ x: Int?) -> String { x.map { "step \($0)" } ?? "not within \(s.steps) steps" }
        var lines = [
            String(
                format: "  %d training entries   accuracy %.3f  loss %.3g", h.trainEntries, f.trainAccuracy,
                f.trainLoss),
            String(
                format: "  %d held-out entries   accuracy %.3f  loss %.3g (uniform random guess %.3f)", h.testEntries,
                f.testAccuracy, f.testLoss, s.randomGuessAccuracy),
            String(
                format: "  score %.3f (accuracy on the held-out entries; a table has no length axis)", s.score ?? .nan),
            String(format: "  memorized (training accuracy >= %.2f): %@", h.threshold, step(h.memorizationStep)),
            String(format: "  grokked (held-out accuracy >= %.2f): %@", h.threshold, step(h.grokkingStep))
                + (h.stoppedWhenGrokked ? ", where training stopped" : "")
                + (h.evalEvery > 0 ? " (evaluated every \(h.evalEvery) steps)" : " (evaluated only at the end)"),
        ]
        var weights = String(format: "  weight norm %.2f", f.weightNorm)
        if let fourier = f.fourierDescription {
            weights += "; embedding's " + fourier
            if let share = h.keyShare, f.keyFrequencies?.isEmpty == false {
                weights += String(format: " (%.0f%% of the norm²)", 100 * share)
            }
        }
        lines.append(weights)
        return lines
    }

    /// The lines every run ends with: times, protocol, folder.
    static func closing(_ s: RunSummary, folder: String) -> [String] {
        var lines: [String] = []
        // Without a known training time there is no rate to print (it once read "200000000000.0 steps/s").
        let training =
            s.stepsPerSecond.map { String(format: "training %.1fs (%.1f steps/s)", s.trainSeconds, $0) }
            ?? "training time unknown"
        lines.append("  " + training + String(format: ", evaluation %.1fs", s.evalSeconds ?? 0))
        // A run of a protocol says which, what it changed of it and the memory it evaluated with.
        if !s.protocolName.hasPrefix("reckon-default") { lines.append("  protocol: \(s.protocolName)") }
        lines.append("  written to \(folder)")
        return lines
    }
}
