import ArgumentParser
import Foundation
import ReckonTasks

/// `reckon tasks`: every task with its level, alphabet sizes, summary and length rules.
struct TasksList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract:
            "List the tasks: level, input/output alphabet sizes, output length, what the target is, which lengths "
            + "are valid, default train/eval lengths."
    )

    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        if json {
            let list: [[String: Any]] = TaskCatalog.all.map { t in
                let settings = ((t as? any ConfigurableTask)?.settingDeclarations ?? []).map { s -> [String: Any] in
                    [
                        "name": s.name, "default": s.defaultText, "summary": s.summary, "choices": s.choices ?? [],
                        "valid": s.expected,
                    ]
                }
                return [
                    "name": t.name, "settings": settings, "output_kind": t.outputKind.rawValue,
                    "level": t.level.rawValue, "level_name": t.level.displayName,
                    "input_size": t.inputSize, "output_size": t.outputSize, "output_length": t.outputLengthRule,
                    "classification": t.isClassification, "summary": t.summary, "length_note": t.lengthNote,
                    "input_symbols": t.inputSymbols, "output_symbols": t.outputSymbols,
                    "default_train_length": t.defaultTrainLength, "default_eval_max_length": t.defaultEvalMaxLength,
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: list, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let width = TaskCatalog.names.map(\.count).max() ?? 0
        let ruleWidth = (TaskCatalog.all.map { $0.outputLengthRule.count }.max() ?? 0) + 10
        for level in TaskLevel.allCases {
            let tasks = TaskCatalog.all.filter { $0.level == level }
            if tasks.isEmpty { continue }
            print(level.displayName)
            for t in tasks {
                let input = "in \(t.inputSize)"
                // Inputs of 100 values (arithmetic_function) ran into the output column at width 6.
                let sizes =
                    input.padding(toLength: Swift.max(6, input.count + 1), withPad: " ", startingAt: 0)
                    + "out \(t.outputSize)".padding(
                        toLength: Swift.max(7, "out \(t.outputSize)".count + 1), withPad: " ", startingAt: 0)
                    + "T_out = \(t.outputLengthRule)".padding(toLength: ruleWidth, withPad: " ", startingAt: 0)
                print("  \(t.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(sizes)\(t.summary)")
                // The shortest length the task makes (3 points for a hull): shorter draws move up to it.
                let shortest = (1...t.defaultTrainLength).first { (try? t.validate(length: $0)) != nil } ?? 1
                let lengths =
                    t is any FiniteTableTask
                    ? "trains on a fixed fraction of the entries, evaluated on the held-out ones"
                    : "trains on \(shortest)-\(t.defaultTrainLength), evaluated to \(t.defaultEvalMaxLength)"
                print("  \(String(repeating: " ", count: width + 2))lengths: \(t.lengthNote); \(lengths)")
                for s in (t as? any ConfigurableTask)?.settingDeclarations ?? [] {
                    let choices = s.choices.map { " (\($0.joined(separator: " | ")))" } ?? ""
                    let pad = String(repeating: " ", count: width + 2)
                    print("  \(pad)--task-set \(s.name)=\(s.defaultText)\(choices)  \(s.summary)")
                }
            }
        }
    }
}
