/// "Did you mean ...?" for every mistyped name (tasks, machines, settings, sweep keys): prefix and
/// substring matches first, then edit distance to the name or to one of its words.
public enum NameSuggestion {
    /// The known name closest to `query`, or nil when none is plausibly meant.
    public static func closest(to query: String, among names: [String]) -> String? {
        let q = normalized(query)
        guard !q.isEmpty else { return nil }
        if let exact = names.first(where: { normalized($0) == q }) { return exact }
        // A fragment of a name ("parity", "sqrt") is the most common way to miss one, and
        // edit distance would rank short unrelated names closer than the long intended one.
        let containing = names.filter { normalized($0).contains(q) }
        if !containing.isEmpty {
            return containing.min { rank($0, q) < rank($1, q) }
        }
        // A word of a snake_case name counts too: "hiden" is one edit from "hidden" but six from
        // "hidden_size".
        func distance(_ name: String) -> Int {
            let n = normalized(name)
            let words = n.split(separator: "_").map(String.init).filter { $0.count >= 3 }
            return ([n] + words).map { editDistance($0, q) }.min() ?? editDistance(n, q)
        }
        let scored = names.map { ($0, distance($0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        // Beyond a third of the name's length the "suggestion" is usually a different task.
        return best.1 <= max(2, q.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance over characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// Prefix matches before inner matches, then the shortest (least extra text).
    private static func rank(_ name: String, _ q: String) -> (Int, Int) {
        let n = normalized(name)
        return (n.hasPrefix(q) ? 0 : 1, n.count)
    }

    private static func normalized(_ s: String) -> String {
        String(s.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
    }
}
