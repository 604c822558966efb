import ReckonSupport
import ReckonTasks

/// A word-problem CSV file read for a command (`reckon sample --from`, `reckon eval --data`):
/// within its bounds, its group from the file name unless given, every target checked against
/// the solver; every problem is a one-line `LabError`.
public enum WordProblemFile {
    /// The task for the file's group and the file's examples. `groupGiven`: the task's group was
    /// set by the user (or the run), so a file named for another group is refused.
    public static func load(
        _ path: String, task given: WordProblem, groupGiven: Bool
    ) throws -> (
        WordProblem, WordProblemCSV
    ) {
        var t = given
        let named = WordProblemCSV.parseFileName(path)
        if let named {
            if !groupGiven {
                t = WordProblem(group: named.group)
            } else if named.group != t.settings.group {
                throw LabError.invalidOption(
                    "'\(path)' is named for group \(named.group), but the task has group=\(t.settings.group)")
            }
        }
        let text: String
        do { text = try TextFile.read(path, limit: WordProblemCSV.maximumBytes) } catch let e as TextFile.Failure {
            throw LabError.missingFile("cannot read '\(path)': \(e.reason)")
        }
        do {
            let file = try WordProblemCSV.read(text, order: t.inputSize)
            if let named, named.length != file.length {
                throw LabError.invalidOption(
                    "'\(path)' is named for length \(named.length), but its rows have \(file.length) elements")
            }
            try file.check(against: t)
            return (t, file)
        } catch let e as WordProblemCSVError {
            throw LabError.invalidOption("'\(path)': \(e)")
        }
    }
}
