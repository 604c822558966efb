import Foundation
import ReckonLab

/// Reads the result files of one run for the results database and refuses what no run writes:
/// rows that do not parse, a length twice, a non-finite number, an accuracy or score outside
/// 0...1, a negative time. A refusal is the reason the run is listed as corrupt; nothing of such
/// a run reaches the database, whose columns would turn a nan into a NOT NULL failure.
enum RunFileCheck {
    /// Why a run's file is unusable, in one line naming the file.
    struct Problem: Error, CustomStringConvertible, Equatable {
        let description: String
        init(_ file: String, _ problem: String) { description = "\(file): \(problem)" }
    }

    /// summary.json, its numbers checked.
    static func summary(_ folder: RunFolder) throws -> RunSummary {
        let name = RunFolder.summaryName
        let s: RunSummary
        // The accuracies' check is the Lab's own (`RunSummary.implausibility`), as `reckon eval` reads them.
        do { s = try folder.readSummary() } catch LabError.corruptSummary(_, let problem) {
            throw Problem(name, problem)
        } catch { throw Problem(name, "does not read as a run summary") }
        try nonNegative(s.bitErrorsPerSequence, "bit_errors_per_sequence", name)
        try nonNegative(s.trainSeconds, "train_seconds", name)
        try nonNegative(s.evalSeconds, "eval_seconds", name)
        try nonNegative(s.stepsPerSecond, "steps_per_s", name)
        return s
    }

    /// eval.csv: every row parsed, each length once and within 0...maxLength.
    static func evaluation(_ folder: RunFolder, maxLength: Int) throws -> [LengthResult] {
        let name = RunFolder.evalName
        let results: [LengthResult]
        do { results = try folder.readEvaluation() } catch { throw Problem(name, "is missing or unreadable") }
        // The reader skips rows that do not parse; a finished run's file has none.
        let text = (try? String(contentsOf: folder.evalURL, encoding: .utf8)) ?? ""
        let rows = text.split(whereSeparator: \.isNewline).dropFirst().filter {
            !$0.allSatisfy(\.isWhitespace)
        }.count
        if rows != results.count {
            throw Problem(name, "\(rows - results.count) of its \(rows) rows do not read as length,accuracy,samples")
        }
        var seen = Set<Int>()
        for r in results {
            guard (0...maxLength).contains(r.length), seen.insert(r.length).inserted else {
                throw Problem(name, "length \(r.length) is repeated or outside the run's lengths 0...\(maxLength)")
            }
            try fraction(r.accuracy, "accuracy at length \(r.length)", name)
            guard r.samples >= 0 else { throw Problem(name, "samples at length \(r.length) is negative") }
            try nonNegative(r.bitErrorsPerSequence, "bit errors at length \(r.length)", name)
        }
        return results
    }

    /// metrics.jsonl's records. A diverged run logs a nan loss, so non-finite records are left out
    /// (as before), but a finite accuracy outside 0...1 is no run's.
    static func metrics(_ folder: RunFolder) throws -> [MetricsRecord] {
        let records = folder.readMetrics().filter { $0.loss.isFinite && $0.accuracy.isFinite }
        for m in records where !(0...1).contains(m.accuracy) {
            throw Problem(RunFolder.metricsName, "accuracy \(m.accuracy) at step \(m.step) is outside 0...1")
        }
        return records
    }

    private static func fraction(_ x: Double?, _ what: String, _ file: String) throws {
        guard let x else { return }
        guard x.isFinite, (0...1).contains(x) else { throw Problem(file, "\(what) is \(x), not a number in 0...1") }
    }

    private static func nonNegative(_ x: Double?, _ what: String, _ file: String) throws {
        guard let x else { return }
        guard x.isFinite, x >= 0 else { throw Problem(file, "\(what) is \(x), not a finite number >= 0") }
    }
}
