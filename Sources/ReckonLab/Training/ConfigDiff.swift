import Foundation

/// Human-readable differences between two configs, for resume errors.
enum ConfigDiff {
    static func describe(saved: RunConfig, requested: RunConfig) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        func fields(_ c: RunConfig) -> [String: String] {
            guard let d = try? e.encode(c), let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else { return [:] }
            return o.mapValues { v in
                (try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) } ?? "\(v)"
            }
        }
        let a = fields(saved), b = fields(requested)
        let diffs = Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
            .map { "\($0) is \(a[$0] ?? "unset") in the saved run but \(b[$0] ?? "unset") was given" }
        return diffs.isEmpty ? "the configuration differs from the saved run" : diffs.joined(separator: "; ") + " (drop the flag or start a new run)"
    }
}
