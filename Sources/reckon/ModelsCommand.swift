import ArgumentParser
import Foundation
import ReckonMachines

/// `reckon models`: every machine with its settings and defaults.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the machines and their settings.")

    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        if json {
            let list: [[String: Any]] = MachineCatalog.all.map { spec in
                [
                    "name": spec.name, "summary": spec.summary,
                    "settings": spec.settings.map { h -> [String: Any] in
                        var d: [String: Any] = [
                            "name": h.name, "default": h.defaultText, "summary": h.summary, "valid": h.expected,
                        ]
                        if let c = h.choices { d["choices"] = c }
                        return d
                    },
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: list, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        for spec in MachineCatalog.all {
            print("\(spec.name)  —  \(spec.summary)")
            for h in spec.settings {
                let choices = h.choices.map { " {" + $0.joined(separator: ", ") + "}" } ?? ""
                print(
                    "    \(h.name.padding(toLength: 24, withPad: " ", startingAt: 0)) "
                        + "\(h.defaultText.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                        + "\(h.summary)\(choices)"
                )
            }
        }
    }
}
