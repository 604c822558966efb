import Foundation
import ReckonLab
import ReckonTasks
import Testing

/// Grazzi et al. 2025's scaled accuracy: the formula, the chance level each task has, and summary.json.
@Suite struct ScaledAccuracyTests {
    @Test func theFormulaIsZeroAtChanceOneWhenAllRightAndClippedAtZero() {
        #expect(ScaledAccuracy.scaled(0.5, chance: 0.5) == 0)
        #expect(ScaledAccuracy.scaled(1, chance: 0.5) == 1)
        #expect(ScaledAccuracy.scaled(1, chance: 0.2) == 1)
        #expect(ScaledAccuracy.scaled(0.75, chance: 0.5) == 0.5)
        #expect(abs(ScaledAccuracy.scaled(0.6, chance: 0.2) - 0.5) < 1e-15)
        // Below chance: (0.25 - 0.5) / 0.5 = -0.5 unclipped, as their scripts would print.
        #expect(ScaledAccuracy.scaled(0.25, chance: 0.5) == 0)
        #expect(ScaledAccuracy.scaled(0, chance: 0.2) == 0)
        #expect(ScaledAccuracy.scaled(0.3, chance: 0) == 0.3)
    }

    /// The chance levels of the paper's tasks are the numbers eval-chomsky.py subtracts; kinds whose
    /// chance is no single number have none.
    @Test func theChanceLevelComesFromTheTask() throws {
        func chance(_ name: String) throws -> Double? { try TaskCatalog.task(named: name).chanceAccuracy }
        #expect(try chance("parity_check") == 0.5)
        #expect(try chance("modular_arithmetic") == 0.2)
        #expect(try chance("modular_arithmetic_brackets") == 0.2)
        #expect(try chance("cycle_navigation") == 0.2)
        #expect(try chance("copy") == nil, "bit vectors")
        #expect(try chance("sort") == nil, "pointers: 1/(input length) changes with the length")
        #expect(try chance("arithmetic_function") == nil, "real values")
        let parity = try TaskCatalog.task(named: "parity_check")
        #expect(ScaledAccuracy.scaled(0.9, task: parity).map { abs($0 - 0.8) < 1e-12 } == true)
        #expect(ScaledAccuracy.scaled(nil, task: parity) == nil)
        #expect(ScaledAccuracy.scaled(0.9, task: try TaskCatalog.task(named: "copy")) == nil)
    }

    /// For token tasks the chance level is the random guess summary.json already records, so the two
    /// numbers a summary states about chance cannot drift apart unnoticed.
    @Test(arguments: TaskCatalog.all.filter { $0.outputKind == .tokens }.map(\.name))
    func aTokenTasksChanceIsItsRandomGuess(_ name: String) throws {
        let task = try TaskCatalog.task(named: name)
        #expect(task.chanceAccuracy == OutputHeads.head(for: task).randomGuessAccuracy)
    }

    static func summary(scaled: Double?, trainScaled: Double?) -> RunSummary {
        RunSummary(
            status: .complete, task: "parity_check", model: "lstm", seed: 3, score: 0.75, trainLengthAccuracy: 1,
            randomGuessAccuracy: 0.5, trainLength: 6, evalMaxLength: 10, steps: 40, trainSeconds: 1, evalSeconds: 1,
            stepsPerSecond: 40, parameterCount: 100, protocolName: "reckon-default", reckonVersion: "test",
            scaledScore: scaled, trainLengthScaledAccuracy: trainScaled)
    }

    /// The new fields travel through summary.json; a summary written before them loads with none and gets
    /// the same number from its score and task; a scaled score outside 0...1 is an impossible summary.
    @Test func summaryJSONCarriesTheScaledScoreAndOldOnesStillLoad() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let folder = RunFolder(url: dir)
        let written = Self.summary(scaled: 0.5, trainScaled: 1)
        try folder.writeSummary(written)
        let text = try String(contentsOf: folder.summaryURL, encoding: .utf8)
        #expect(text.contains("\"scaled_score\" : 0.5") && text.contains("\"train_length_scaled_accuracy\" : 1"))
        #expect(try folder.readSummary() == written)

        let old = text.split(separator: "\n").filter { !$0.contains("scaled") }.joined(separator: "\n")
        try Data(old.utf8).write(to: folder.summaryURL)
        let loaded = try folder.readSummary()
        #expect(loaded.scaledScore == nil && loaded.trainLengthScaledAccuracy == nil)
        #expect(loaded == Self.summary(scaled: nil, trainScaled: nil))
        let config = try LabTestSupport.config()
        #expect(ScaledAccuracy.score(of: loaded, config: config) == 0.5)
        #expect(ScaledAccuracy.score(of: written, config: try LabTestSupport.config(task: "copy")) == 0.5)

        #expect(Self.summary(scaled: 1.5, trainScaled: nil).implausibility?.contains("'scaled_score' is 1.5") == true)
        #expect(
            Self.summary(scaled: nil, trainScaled: -0.25).implausibility?.contains("'train_length_scaled_accuracy'")
                == true)
        #expect(Self.summary(scaled: 0, trainScaled: 1).implausibility == nil)
    }

    /// A trained run's summary holds the scaled score of its own score; a run of a task without a chance
    /// level writes neither field, so its summary.json has exactly the keys it had before.
    @Test func aRunWritesTheScaledScoreOfItsScore() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let outcome = try LabTestSupport.run(try LabTestSupport.config(steps: 10), in: dir)
        let s = try #require(outcome.summary)
        let score = try #require(s.score)
        #expect(s.scaledScore == ScaledAccuracy.scaled(score, chance: 0.5))
        #expect(s.trainLengthScaledAccuracy == ScaledAccuracy.scaled(try #require(s.trainLengthAccuracy), chance: 0.5))
        let printed = SummaryTable.render(s, evaluation: outcome.evaluation, folder: dir.path)
        #expect(printed.contains(String(format: "scaled accuracy %.3f", s.scaledScore ?? -1)), "\(printed)")

        let copyDir = dir.appendingPathComponent("copy")
        let copy = try LabTestSupport.config(
            task: "copy", model: "lstm", steps: 5, trainLength: 3, evalMaxLength: 5)
        let copied = try #require(try LabTestSupport.run(copy, in: copyDir).summary)
        #expect(copied.scaledScore == nil && copied.trainLengthScaledAccuracy == nil)
        let json = try String(contentsOf: RunFolder(url: copyDir).summaryURL, encoding: .utf8)
        #expect(!json.contains("scaled"))
    }
}
