import Foundation
import ReckonLab

/// Where one run of a sweep stands, read from its folder alone (the folder is the truth).
public enum RunState: String, Codable, Sendable, CaseIterable {
    /// No folder yet.
    case pending
    /// Started and stopped before it finished (a checkpoint, or only config.json): it resumes.
    case interrupted
    /// Trained and evaluated: summary.json is there.
    case finished
    /// Ended with an error (failure.json), including a diverged loss: retried only on request.
    case failed
    /// Finished, but its files do not hold a sound result (an accuracy of nan or outside 0...1, an
    /// unreadable summary): the results database lists it so, with the reason, and counts no score.
    /// Only the database reads the files' contents; `of` looks at which files exist, and the
    /// runner leaves such a run as finished.
    case corrupt

    /// The state of the run folder at `url`.
    public static func of(_ url: URL) -> RunState {
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent(RunFailure.fileName).path) { return .failed }
        if let data = try? Data(contentsOf: url.appendingPathComponent(RunFolder.summaryName)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            switch object["status"] as? String {
            case "diverged": return .failed
            case "evaluation_incomplete", "evaluation-incomplete": return .interrupted
            default: return .finished
            }
        }
        if fm.fileExists(atPath: url.appendingPathComponent(RunFolder.configName).path) { return .interrupted }
        return .pending
    }

    /// A finished run's summary, checked on load (`RunFolder.readSummary`), or why it is corrupt (a
    /// summary that does not decode, or whose scores are impossible); both nil when it cannot be read.
    static func checkedSummary(_ folder: RunFolder) -> (summary: RunSummary?, corruption: String?) {
        do { return (try folder.readSummary(), nil) } catch let error as LabError {
            if case .corruptSummary = error { return (nil, error.description) }
            return (nil, nil)
        } catch { return (nil, nil) }
    }
}

/// failure.json: why a run of a sweep failed (written by the sweep, not by `reckon train`).
public struct RunFailure: Codable, Equatable, Sendable {
    public static let fileName = "failure.json"
    /// The error's one line.
    public var error: String
    /// The process's exit code (or 128 + signal).
    public var exitCode: Int32
    public var time: String
}
