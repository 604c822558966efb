import Foundation
import ReckonSupport
import ReckonTasks
import Yams

/// A sweep file as written (YAML; JSON is YAML too): a name, an optional protocol, base settings
/// for every run, per-machine settings, axes whose product is the list of runs, and
/// exclude/include rules. A value `${name}` is the run's value of another setting.
///
/// ```yaml
/// name: tiny
/// base: {steps: 200, batch_size: 16, hidden_size: 16}
/// machines:
///   stack_rnn: {hidden_size: 32}
/// axes:
///   task: [parity_check, reverse_string]
///   model: [lstm, stack_rnn]
///   seed: [0, 1]
/// exclude:
///   - {task: parity_check, model: stack_rnn, seed: 1}
/// ```
public struct SweepFile: Sendable, Equatable {
    /// One value as written, with where it was written (for error messages).
    public struct Value: Sendable, Equatable {
        public var text: String
        public var line: Int
        public var column: Int
        public init(_ text: String, line: Int = 0, column: Int = 0) {
            self.text = text
            self.line = line
            self.column = column
        }
    }

    /// A setting name with its place in the file.
    public struct Key: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var column: Int
    }

    public var path: String
    public var name: String
    public var protocolName: String?
    public var base: [(key: Key, value: Value)]
    /// Settings for the runs of one machine only, over `base` and under the axes.
    public var machines: [(model: Key, settings: [(key: Key, value: Value)])] = []
    public var axes: [(key: Key, values: [Value])]
    public var exclude: [[(key: Key, value: Value)]]
    public var include: [[(key: Key, value: Value)]]

    public static func == (a: SweepFile, b: SweepFile) -> Bool {
        a.path == b.path && a.name == b.name && a.protocolName == b.protocolName
            && a.base.map { [$0.key.name, $0.value.text] } == b.base.map { [$0.key.name, $0.value.text] }
            && a.axes.map { [$0.key.name] + $0.values.map(\.text) }
                == b.axes.map { [$0.key.name] + $0.values.map(\.text) }
            && a.machines.map { [$0.model.name] + $0.settings.flatMap { [$0.key.name, $0.value.text] } }
                == b.machines.map { [$0.model.name] + $0.settings.flatMap { [$0.key.name, $0.value.text] } }
    }

    static let topLevelKeys = ["name", "protocol", "base", "machines", "axes", "exclude", "include"]

    /// Reads and parses the sweep file at `path`: a regular file of at most `limits.maxBytes` bytes
    /// of UTF-8 text. Returns the file and its text (kept in the sweep directory as sweep.yaml).
    public static func load(path: String, limits: SweepLimits = .standard) throws -> (file: SweepFile, source: String) {
        let text = try readText(path, limit: limits.maxBytes)
        return (try parse(text, path: path, limits: limits), text)
    }

    /// The text of the sweep file at `path` (`TextFile`: opened without blocking, a regular UTF-8
    /// file of at most `limit` bytes): a FIFO or /dev/zero once read as "You don't have
    /// permission", a folder as a raw Cocoa error.
    static func readText(_ path: String, limit: Int) throws -> String {
        do { return try TextFile.read(path, limit: limit) } catch let failure as TextFile.Failure {
            throw SweepError("cannot read sweep file '\(path)': \(failure.reason); give a YAML or JSON file")
        }
    }

    /// Parses a sweep file's text; `path` names it in error messages.
    ///
    /// On a thread of its own with a 64 MiB stack (`LargeStack`): Yams hashes every mapping key
    /// recursively while composing, and frees the node tree recursively, so a key nested to libyaml's
    /// 1 000 levels (`? - - - …`) needs a deep stack; under AddressSanitizer it overflowed the 8 MiB
    /// main thread (SweepFuzz), and it would overflow a 512 KiB secondary thread in any build.
    public static func parse(_ text: String, path: String, limits: SweepLimits = .standard) throws -> SweepFile {
        guard text.utf8.count <= limits.maxBytes else {
            throw SweepError("\(path): \(text.utf8.count) bytes; a sweep file is at most \(limits.maxBytes) bytes")
        }
        return try LargeStack.run(bytes: 64 << 20) { try parseBounded(text, path: path, limits: limits) }
    }

    /// `parse` after the size check, on the deep stack (the nodes it composes die there too).
    private static func parseBounded(_ text: String, path: String, limits: SweepLimits) throws -> SweepFile {
        // libyaml stops at 1 000 levels of nesting, and without anchors nothing is shared, so composing
        // is bounded by the text; what is read from the nodes is bounded by `budget`.
        try refuseAnchors(text, path: path)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw SweepError(Self.describe(error, path: path))
        }
        guard let root, case .mapping(let top) = root else {
            throw SweepError("\(path): a sweep file is a mapping with keys " + topLevelKeys.joined(separator: ", "))
        }
        let budget = Budget(limits: limits, path: path)
        var file = SweepFile(path: path, name: "", protocolName: nil, base: [], axes: [], exclude: [], include: [])
        var sawName = false
        try budget.mapping(top)
        for (keyNode, valueNode) in top {
            let key = try Self.key(keyNode, path: path)
            switch key.name {
            case "name":
                file.name = try scalar(valueNode, path: path, what: "the sweep's name").text
                sawName = true
            case "protocol": file.protocolName = try scalar(valueNode, path: path, what: "the protocol").text
            case "base": file.base = try settings(valueNode, path: path, what: "base", budget)
            case "machines":
                guard case .mapping(let m) = valueNode else {
                    throw error(valueNode, path, "machines must map machine names to settings, e.g. nmu: {steps: 10}")
                }
                try budget.mapping(m)
                file.machines = try m.map { k, v in
                    let model = try Self.key(k, path: path)
                    return (model, try settings(v, path: path, what: "machines.\(model.name)", budget))
                }
            case "axes":
                guard case .mapping(let m) = valueNode else {
                    throw error(valueNode, path, "axes must map setting names to lists of values")
                }
                try budget.mapping(m)
                for (k, v) in m {
                    let axisKey = try Self.key(k, path: path)
                    let values: [Value]
                    switch v {
                    case .sequence(let s):
                        try budget.use(s.count)
                        values = try s.map {
                            try scalar($0, path: path, what: "a value of axis '\(axisKey.name)'")
                        }
                    default: values = [try scalar(v, path: path, what: "axis '\(axisKey.name)'")]
                    }
                    if values.isEmpty {
                        throw SweepError.at(
                            path, axisKey.line, axisKey.column,
                            "axis '\(axisKey.name)' is empty; give it at least one value")
                    }
                    file.axes.append((axisKey, values))
                }
            case "exclude", "include":
                guard case .sequence(let rules) = valueNode else {
                    throw error(
                        valueNode, path,
                        "\(key.name) must be a list of mappings such as - {task: parity_check, model: lstm}")
                }
                let total = rules.count + file.exclude.count + file.include.count
                guard total <= limits.maxRules else {
                    throw error(
                        valueNode, path,
                        "\(total) exclude and include rules; a sweep file has at most \(limits.maxRules)")
                }
                let parsed = try rules.map { try settings($0, path: path, what: "a rule of \(key.name)", budget) }
                if key.name == "exclude" { file.exclude = parsed } else { file.include = parsed }
            default:
                let hint =
                    NameSuggestion.closest(to: key.name, among: topLevelKeys).map { "did you mean '\($0)'? " } ?? ""
                throw SweepError.at(
                    path, key.line, key.column,
                    "unknown key '\(key.name)'; \(hint)valid keys: " + topLevelKeys.joined(separator: ", "))
            }
        }
        if !sawName || file.name.isEmpty { throw SweepError("\(path): the sweep needs a name (name: my-sweep)") }
        let nameOK = file.name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        guard nameOK else {
            throw SweepError("\(path): name '\(file.name)' may use only letters, digits, '-', '_' and '.'")
        }
        return file
    }

    /// Refuses YAML anchors (`&name`), and so every alias (`*name` needs one). Yams composes an alias
    /// as the anchored node shared, which is cheap, but it hashes each mapping key to find repeated
    /// ones, and a key that is an alias of nested aliases stands for billions of nodes ("billion
    /// laughs"). The check is on the text, before libyaml sees it, and errs on the safe side: an `&`
    /// followed by a name and not preceded by a letter or digit, outside whole-line comments.
    static func refuseAnchors(_ text: String, path: String) throws {
        // Every line break YAML 1.1 knows (libyaml splits lines at NEL, LS and PS too), so a comment
        // line is never taken to run on past one.
        let breaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"]
        let blank: Set<Unicode.Scalar> = [" ", "\t"]
        var line = 1
        var column = 0
        var lineStart = true
        var inComment = false
        var previous: Unicode.Scalar? = nil
        let scalars = Array(text.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            if breaks.contains(c) {
                line += 1
                column = 0
                lineStart = true
                inComment = false
                previous = nil
                continue
            }
            column += 1
            defer { previous = c }
            if inComment { continue }
            if lineStart {
                if blank.contains(c) { continue }
                lineStart = false
                if c == "#" {
                    inComment = true
                    continue
                }
            }
            guard c == "&", i + 1 < scalars.count else { continue }
            let next = scalars[i + 1]
            if blank.contains(next) || breaks.contains(next) { continue }
            if let p = previous, p.isASCII, p.properties.isAlphabetic || ("0"..."9").contains(p) { continue }
            throw SweepError.at(
                path, line, column,
                "YAML anchors (&name) and aliases (*name) are not accepted in a sweep file; write the values out")
        }
    }

    /// Counts what is read from the composed document against `SweepLimits`. Aliased nodes are
    /// shared after composing, so a document of a few KB can stand for billions of values
    /// ("billion laughs"); each use of one is counted here before it is read.
    final class Budget {
        let limits: SweepLimits
        let path: String
        private var used = 0

        init(limits: SweepLimits, path: String) {
            self.limits = limits
            self.path = path
        }

        /// Accounts for `count` more keys or values.
        func use(_ count: Int) throws {
            used += count
            guard used <= limits.maxValues else {
                throw SweepError(
                    "\(path): more than \(limits.maxValues) keys and values (aliases counted at each use); "
                        + "a sweep file holds at most \(limits.maxValues)")
            }
        }

        /// Accounts for a mapping's keys and values, and checks its size.
        func mapping(_ m: Node.Mapping) throws {
            guard m.count <= limits.maxKeysPerMapping else {
                let mark = m.mark
                throw SweepError.at(
                    path, mark?.line ?? 0, mark?.column ?? 0,
                    "a mapping of \(m.count) keys; a mapping in a sweep file has at most \(limits.maxKeysPerMapping)")
            }
            try use(2 * m.count)
        }
    }

    private static func key(_ node: Node, path: String) throws -> Key {
        guard case .scalar(let s) = node else { throw error(node, path, "expected a setting name") }
        return Key(name: s.string, line: s.mark?.line ?? 0, column: s.mark?.column ?? 0)
    }

    private static func scalar(_ node: Node, path: String, what: String) throws -> Value {
        guard case .scalar(let s) = node else { throw error(node, path, "\(what) must be a single value") }
        return Value(s.string, line: s.mark?.line ?? 0, column: s.mark?.column ?? 0)
    }

    private static func settings(
        _ node: Node, path: String, what: String, _ budget: Budget
    ) throws -> [(key: Key, value: Value)] {
        guard case .mapping(let m) = node else { throw error(node, path, "\(what) must map setting names to values") }
        try budget.mapping(m)
        return try m.map {
            (
                try key($0.key, path: path),
                try scalar($0.value, path: path, what: "setting '\($0.key.string ?? "?")'")
            )
        }
    }

    private static func error(_ node: Node, _ path: String, _ message: String) -> SweepError {
        SweepError.at(path, node.mark?.line ?? 0, node.mark?.column ?? 0, message)
    }

    /// libyaml's error as `file:line:column: problem`.
    static func describe(_ error: YamlError, path: String) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            // libyaml's own words name its C setter; the user needs the bound.
            let what =
                problem.hasPrefix("Maximum nesting level")
                ? "nested more than 1000 levels deep (a sweep file needs 4)" : "not valid YAML: \(problem)"
            return "\(path):\(mark.line):\(mark.column): \(what)"
        case .reader(let problem, _, _, _): return "\(path): not valid YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "\(path): a key appears twice in one mapping: " + duplicates.joined(separator: ", ")
        default: return "\(path): not valid YAML (\(error))"
        }
    }
}
