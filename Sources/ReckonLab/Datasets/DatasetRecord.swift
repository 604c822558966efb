import Foundation
import ReckonSupport
import ReckonTasks

/// One exported example as a line of JSON or a CSV row: its id, split and length, the input and the
/// target in the task's symbols and as token ids (or rows of bits or values for those kinds), and the
/// mask of the positions that count.
///
/// The text is written by hand, keys in sorted order, strings as `JSONString` escapes them and numbers
/// in their shortest round-trip form, so the same example is the same bytes on every machine.
struct DatasetRecord {
    var id: String
    var split: String
    var length: Int
    var input: Payload
    var target: Payload
    var mask: [Float]

    /// `eval-17-3`: the split, the length and the example's index there.
    static func id(split: String, length: Int, index: Int) -> String { "\(split)-\(length)-\(index)" }

    static func number(_ x: Float) -> String {
        x == x.rounded() && abs(x) < 1e7 ? String(Int(x)) : "\(x)"
    }

    /// The payload's numbers: ids, or one row of numbers per position.
    static func numbers(_ p: Payload) -> String {
        switch p {
        case .tokens(let ids), .pointers(let ids): return "[" + ids.map(String.init).joined(separator: ",") + "]"
        case .bitVectors, .reals:
            return "["
                + p.rows.map { "[" + $0.map(number).joined(separator: ",") + "]" }
                .joined(separator: ",") + "]"
        }
    }

    /// The key the payload's numbers go under: `_ids` for tokens and pointers, `_bits`, `_values`.
    static func numbersKey(_ p: Payload) -> String {
        switch p {
        case .tokens, .pointers: "ids"
        case .bitVectors: "bits"
        case .reals: "values"
        }
    }

    /// Words in the task's symbols, every position (a pointer answer whole).
    static func words(_ p: Payload, symbols: [String], task: any AlgorithmicTask) -> [String] {
        p.words(symbols: symbols, valueFormat: task.valueFormat, mask: [Float](repeating: 1, count: p.count / p.width))
    }

    func jsonLine(task: any AlgorithmicTask) -> String {
        let inputWords = Self.words(input, symbols: task.inputSymbols, task: task)
        let targetWords = Self.words(target, symbols: task.outputSymbols, task: task)
        func list(_ words: [String]) -> String { "[" + words.map(JSONString.literal).joined(separator: ",") + "]" }
        return "{\"id\":\(JSONString.literal(id)),\"input\":\(list(inputWords)),"
            + "\"input_\(Self.numbersKey(input))\":\(Self.numbers(input)),\"length\":\(length),"
            + "\"mask\":[\(mask.map(Self.number).joined(separator: ","))],\"split\":\(JSONString.literal(split)),"
            + "\"target\":\(list(targetWords)),\"target_\(Self.numbersKey(target))\":\(Self.numbers(target))}"
    }

    /// The CSV header for a task whose payloads are like this record's.
    func csvHeader() -> String {
        "id,split,length,input,target,mask,input_\(Self.numbersKey(input)),target_\(Self.numbersKey(target))"
    }

    /// Space-separated words and numbers (a vector's numbers joined by `;` within a position).
    func csvLine(task: any AlgorithmicTask) -> String {
        func joined(_ p: Payload) -> String {
            switch p {
            case .tokens(let ids), .pointers(let ids): ids.map(String.init).joined(separator: " ")
            case .bitVectors, .reals: p.rows.map { $0.map(Self.number).joined(separator: ";") }.joined(separator: " ")
            }
        }
        let inputWords = Self.words(input, symbols: task.inputSymbols, task: task).joined(separator: " ")
        let targetWords = Self.words(target, symbols: task.outputSymbols, task: task).joined(separator: " ")
        return [
            id, split, String(length), CSVField.quoted(inputWords), CSVField.quoted(targetWords),
            mask.map(Self.number).joined(separator: " "), joined(input), joined(target),
        ].joined(separator: ",")
    }
}
