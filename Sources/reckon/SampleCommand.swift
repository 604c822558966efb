import ArgumentParser
import Foundation
import ReckonLab
import ReckonSupport
import ReckonTasks
import ReckonTensor

/// `reckon sample TASK --length N`: examples of a task written in its own symbols; for
/// `word_problem`, also word-problem's CSV files written (`--csv`) and read back (`--from`).
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print sampled examples of a task in its own symbols, e.g. `0 1 1 0 -> 0`.",
        discussion:
            "Positions after a termination token ($) are outside the accuracy mask; they are shown because the "
            + "reference's loss still trains on them. For word_problem, --csv writes jopetty/word-problem's "
            + "data/<group>=<k>.csv format and --from FILE reads one, checks every target against the solver "
            + "and prints its first --count examples (the group comes from --task-set group=... or the file name)."
    )

    @Argument(help: "Task name (see `reckon tasks`).") var task: String
    @Option(parsing: .unconditional, help: "Input length (at least 1); not with --from.") var length: Int?
    @Option(
        parsing: .unconditional,
        help: "Number of examples (default 5; up to 10000, or \(WordProblemCSV.maximumRows) with --csv).")
    var count: Int?
    @Option(parsing: .unconditional, help: "Random seed, 0 ... 2^64 - 1 (default 0).") var seed = "0"
    @Flag(help: "Print JSON (token ids, symbols and mask) instead of text.") var json = false
    @Flag(help: "Print word-problem's CSV (seed,input,target) instead of text (word_problem only).") var csv = false
    @Option(
        name: .customLong("from"), parsing: .unconditional,
        help: "Read a word-problem CSV file (word_problem only) instead of sampling.")
    var from: String?
    @Option(name: .customLong("task-set"), help: "Task setting, name=value (repeatable; see `reckon tasks`).")
    var taskSettings: [String] = []

    func run() throws {
        let (t, seedValue, settings) = try userErrors {
            () throws -> (any AlgorithmicTask, UInt64, [String: String]) in
            let settings = SettingOverride.values(try SettingOverride.parse(taskSettings, flag: "--task-set"))
            let t = try TaskCatalog.task(named: task, settings: settings)
            if (csv || from != nil) && !(t is WordProblem) {
                throw LabError.invalidOption(
                    "--\(csv ? "csv" : "from") is word-problem's CSV format, for task word_problem only, not '\(task)'")
            }
            guard !(csv && json) else { throw LabError.invalidOption("--csv and --json are two formats; give one") }
            let most = csv ? WordProblemCSV.maximumRows : 10_000
            if let count, !(1...most).contains(count) {
                throw LabError.invalidOption("--count must be between 1 and \(most), got \(count)")
            }
            if from != nil {
                guard length == nil else {
                    throw LabError.invalidOption("--from reads its length from the file; drop --length")
                }
            } else {
                // A table's inputs are always x y =: it has no length to ask for.
                guard let length = length ?? ((t is any FiniteTableTask) ? t.defaultTrainLength : nil) else {
                    throw LabError.invalidOption("--length is required (the input length, at least 1)")
                }
                try t.validate(length: length)
            }
            return (t, try RunValidation.seed(seed), settings)
        }
        if let from, let t = t as? WordProblem {
            try readCSV(from, task: t, groupGiven: settings["group"] != nil)
            return
        }
        let sampleLength = length ?? t.defaultTrainLength
        let sampleCount = count ?? 5
        var rng = RandomGenerator(seed: seedValue)
        if csv {
            // Sampled 10 000 rows at a time from one stream: the same rows as one batch, less memory.
            print(WordProblemCSV.header)
            var left = sampleCount
            while left > 0 {
                let n = Swift.min(left, 10_000)
                left -= n
                let rows = WordProblemCSV(t.sample(batchSize: n, length: sampleLength, rng: &rng), seed: seedValue).text
                print(rows.dropFirst(WordProblemCSV.header.count + 1), terminator: "")
            }
            return
        }
        let batch = t.sample(batchSize: sampleCount, length: sampleLength, rng: &rng)
        if batch.inputLength != sampleLength && !json {
            let note =
                "note: \(t.name) samples inputs of length \(batch.inputLength) for --length \(sampleLength) "
                + "(see `reckon tasks`)\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        if json {
            // Ids as numbers; vectors as one row of numbers per position, except a real-valued task's
            // single position, written as a flat row.
            func numbers(_ payload: Payload) -> Any {
                switch payload {
                case .tokens(let ids), .pointers(let ids): return ids
                case .bitVectors, .reals:
                    if t.outputKind == .reals { return payload.values.map(Double.init) }
                    return payload.rows.map { $0.map(Double.init) }
                }
            }
            let examples: [[String: Any]] = (0..<batch.batchSize).map { b in
                let input = numbers(batch.inputExample(b))
                let target = numbers(batch.targetExample(b))
                return [
                    "input": input, "target": target, "mask": batch.maskRow(b).map(Double.init),
                    "input_symbols": t.inputText(batch, example: b).joined(separator: " "),
                    "target_symbols": t.targetText(batch, example: b).joined(separator: " "),
                ]
            }
            let object: [String: Any] = [
                "task": t.name, "length": sampleLength, "input_length": batch.inputLength,
                "output_length": batch.outputLength,
                "seed": Int(truncatingIfNeeded: seedValue),
                "examples": examples,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        for b in 0..<batch.batchSize {
            let input = t.inputText(batch, example: b).joined(separator: " ")
            let target = t.targetText(batch, example: b).joined(separator: " ")
            print("\(input) -> \(target)")
        }
    }

    /// `--from FILE`: the file read within its bounds, every target checked against the solver,
    /// then its examples printed (the first --count as text or JSON, or all of them as CSV).
    func readCSV(_ path: String, task given: WordProblem, groupGiven: Bool) throws {
        let (t, file) = try userErrors { try WordProblemFile.load(path, task: given, groupGiven: groupGiven) }
        if csv {
            print(file.text, terminator: "")
            return
        }
        let shown = Swift.min(count ?? 5, file.count)
        if json {
            let examples: [[String: Any]] = (0..<shown).map { i in
                ["seed": file.seeds[i], "input": file.input(i), "target": file.target(i)]
            }
            let object: [String: Any] = [
                "task": t.name, "group": t.settings.group.name, "length": file.length, "rows": file.count,
                "targets_agree_with_solver": true, "examples": examples,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        for i in 0..<shown {
            print(
                "\(t.decodeInput(file.input(i)).joined(separator: " ")) -> "
                    + "\(t.decodeOutput(file.target(i)).joined(separator: " "))")
        }
        print(
            "\(file.count) rows of length \(file.length) in group \(t.settings.group): every target is the running "
                + "product of its input")
    }
}
