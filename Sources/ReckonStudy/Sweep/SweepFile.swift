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

    /// Parses a sweep file's text; `path` names it in error messages.
    public static func parse(_ text: String, path: String) throws -> SweepFile {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw SweepError(Self.describe(error, path: path))
        }
        guard let root, case .mapping(let top) = root else {
            throw SweepError("\(path): a sweep file is a mapping with keys " + topLevelKeys.joined(separator: ", "))
        }
        var file = SweepFile(path: path, name: "", protocolName: nil, base: [], axes: [], exclude: [], include: [])
        var sawName = false
        for (keyNode, valueNode) in top {
            let key = try Self.key(keyNode, path: path)
            switch key.name {
            case "name":
                file.name = try scalar(valueNode, path: path, what: "the sweep's name").text
                sawName = true
            case "protocol": file.protocolName = try scalar(valueNode, path: path, what: "the protocol").text
            case "base": file.base = try settings(valueNode, path: path, what: "base")
            case "machines":
                guard case .mapping(let m) = valueNode else {
                    throw error(valueNode, path, "machines must map machine names to settings, e.g. nmu: {steps: 10}")
                }
                file.machines = try m.map { k, v in
                    let model = try Self.key(k, path: path)
                    return (model, try settings(v, path: path, what: "machines.\(model.name)"))
                }
            case "axes":
                guard case .mapping(let m) = valueNode else {
                    throw error(valueNode, path, "axes must map setting names to lists of values")
                }
                for (k, v) in m {
                    let axisKey = try Self.key(k, path: path)
                    let values: [Value]
                    switch v {
                    case .sequence(let s):
                        values = try s.map { try scalar($0, path: path, what: "a value of axis '\(axisKey.name)'") }
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
                let parsed = try rules.map { try settings($0, path: path, what: "a rule of \(key.name)") }
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

    private static func key(_ node: Node, path: String) throws -> Key {
        guard case .scalar(let s) = node else { throw error(node, path, "expected a setting name") }
        return Key(name: s.string, line: s.mark?.line ?? 0, column: s.mark?.column ?? 0)
    }

    private static func scalar(_ node: Node, path: String, what: String) throws -> Value {
        guard case .scalar(let s) = node else { throw error(node, path, "\(what) must be a single value") }
        return Value(s.string, line: s.mark?.line ?? 0, column: s.mark?.column ?? 0)
    }

    private static func settings(_ node: Node, path: String, what: String) throws -> [(key: Key, value: Value)] {
        guard case .mapping(let m) = node else { throw error(node, path, "\(what) must map setting names to values") }
        return try m.map {
            (try key($0.key, path: path), try scalar($0.value, path: path, what: "setting '\($0.key.string ?? "?")'"))
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
            return "\(path):\(mark.line):\(mark.column): not valid YAML: \(problem)"
        case .reader(let problem, _, _, _): return "\(path): not valid YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "\(path): a key appears twice in one mapping: " + duplicates.joined(separator: ", ")
        default: return "\(path): not valid YAML (\(error))"
        }
    }
}
