import ReckonLab
import ReckonMachines
import ReckonSupport
import ReckonTasks

/// The runs a sweep file stands for: the product of its axes (machine-setting axes only for the
/// machines that have the setting), minus the excluded, plus the included, under a protocol.
public struct SweepPlan: Sendable {
    public var name: String
    public var protocolName: String
    public var runs: [PlannedRun]

    /// Expands `file` under `protocol` (the file's own `protocol:` when nil, else demo).
    public static func expand(_ file: SweepFile, protocol override: SweepProtocol? = nil) throws -> SweepPlan {
        let proto = try override ?? file.protocolName.map(SweepProtocol.named) ?? .demo
        let path = file.path
        let models = try modelNames(file, path: path)
        let specs = try models.map { try MachineCatalog.spec(named: $0) }
        let machineSettingNames = Set(specs.flatMap { $0.hyperparameters.map(\.name) })

        // Every name must be a run option, a task setting (`task.<name>`, checked with the task) or a
        // setting of some machine in the sweep.
        func check(_ key: SweepFile.Key, _ what: String) throws {
            if isRunLevel(key.name) || machineSettingNames.contains(key.name) { return }
            let known = RunOptions.names + machineSettingNames.sorted()
            let hint = NameSuggestion.closest(to: key.name, among: known).map { "did you mean '\($0)'? " } ?? ""
            throw SweepError.at(
                path, key.line, key.column,
                "unknown \(what) '\(key.name)'; \(hint)valid: run settings "
                    + RunOptions.names.joined(separator: ", ") + ", task.<a task setting> (see reckon tasks), "
                    + "or a setting of " + models.joined(separator: "/") + " (see reckon models)")
        }
        for (key, _) in file.base { try check(key, "setting") }
        for (key, _) in file.axes { try check(key, "axis") }
        for rule in file.exclude + file.include { for (key, _) in rule { try check(key, "setting in a rule") } }
        for (model, settings) in file.machines {
            guard let spec = zip(models, specs).first(where: { $0.0 == model.name })?.1 else {
                throw SweepError.at(
                    path, model.line, model.column,
                    "machines: '\(model.name)' is not a machine of this sweep; its machines: "
                        + models.joined(separator: ", "))
            }
            let owned = spec.hyperparameters.map(\.name)
            let axesOfProtocol = Set((proto.machineAxes[model.name] ?? []).map(\.0))
            for (key, _) in settings where axesOfProtocol.contains(key.name) {
                throw SweepError.at(
                    path, key.line, key.column,
                    "protocol '\(proto.name)' varies '\(key.name)' of \(model.name); remove it from "
                        + "machines.\(model.name) or choose another protocol")
            }
            for (key, _) in settings where key.name == "model" || key.name == "task" {
                throw SweepError.at(
                    path, key.line, key.column,
                    "machines.\(model.name) cannot set '\(key.name)': its settings apply to \(model.name)'s runs")
            }
            for (key, _) in settings where !(isRunLevel(key.name) || owned.contains(key.name)) {
                let hint = NameSuggestion.closest(to: key.name, among: owned).map { "did you mean '\($0)'? " } ?? ""
                throw SweepError.at(
                    path, key.line, key.column,
                    "unknown setting '\(key.name)' of machines.\(model.name); \(hint)valid: run settings, "
                        + "task.<a task setting>, or a setting of \(model.name) (see reckon models)")
            }
        }
        let machineSettings = Dictionary(
            file.machines.map { ($0.model.name, $0.settings.map { ($0.key.name, $0.value.text) }) },
            uniquingKeysWith: { $0 + $1 })
        let fixedByProtocol = Set(proto.fixed.map(\.0) + proto.axes.map(\.0))
        let written = file.base + file.machines.flatMap(\.settings) + file.axes.map({ ($0.key, $0.values[0]) })
        for (key, _) in written where fixedByProtocol.contains(key.name) {
            throw SweepError.at(
                path, key.line, key.column,
                "protocol '\(proto.name)' fixes '\(key.name)'; remove it from the file or choose another protocol")
        }

        // Run-level axes first (the file's, then the protocol's), machine-setting axes per machine.
        var runAxes: [(String, [String])] = file.axes.filter { isRunLevel($0.key.name) }.map {
            ($0.key.name, $0.values.map(\.text))
        }
        runAxes += proto.axes.filter { name, _ in !runAxes.contains { $0.0 == name } }
        let fileMachineAxes = file.axes.filter { !isRunLevel($0.key.name) }.map {
            ($0.key.name, $0.values.map(\.text))
        }
        let fileBase = file.base.map { ($0.key.name, $0.value.text) }
        let base = proto.fixed + fileBase

        var runs: [PlannedRun] = []
        var seen = Set<String>()
        func add(_ assignment: [(String, String)]) throws {
            let run = try makeRun(assignment, base: fileBase, machines: machineSettings, proto: proto, path: path)
            if seen.insert(run.id).inserted { runs.append(run) }
        }
        for runPoint in product(runAxes) {
            guard let model = (runPoint + base).last(where: { $0.0 == "model" })?.1 else {
                throw SweepError("\(path): no machine: give an axis or a base setting 'model'")
            }
            let spec = try MachineCatalog.spec(named: model)
            let owned = Set(spec.hyperparameters.map(\.name))
            let machineAxes =
                fileMachineAxes.filter { owned.contains($0.0) }
                + (proto.machineAxes[model] ?? []).filter { name, _ in !fileMachineAxes.contains { $0.0 == name } }
            for machinePoint in product(machineAxes) {
                let assignment = runPoint + machinePoint
                if try excluded(assignment, base: base, rules: file.exclude) { continue }
                try add(assignment)
            }
        }
        for rule in file.include { try add(rule.map { ($0.key.name, $0.value.text) }) }
        if runs.isEmpty { throw SweepError("\(path): every run is excluded; the sweep is empty") }
        return SweepPlan(name: file.name, protocolName: proto.name, runs: runs)
    }

    /// `settings` with each `${name}` value replaced by the last plain value of `name` among them,
    /// or by the default of the run setting `name`: `task.subset_seed: ${seed}` ties a task's
    /// subsets to the run's seed, as the reference's function task does.
    static func resolvingReferences(
        _ settings: [(String, String)], defaults: RunConfig, path: String
    ) throws -> [(String, String)] {
        try settings.map { name, value in
            guard value.hasPrefix("${"), value.hasSuffix("}"), value.count > 3 else { return (name, value) }
            let target = String(value.dropFirst(2).dropLast())
            if let given = settings.last(where: { $0.0 == target }) {
                guard !given.1.hasPrefix("${") else {
                    throw SweepError(
                        "\(path): \(name): \(value) refers to '\(target)', itself a reference; refer to a value")
                }
                return (name, given.1)
            }
            if let option = RunOptions.named(target) { return (name, option.value(in: defaults)) }
            throw SweepError(
                "\(path): \(name): \(value) refers to '\(target)', which is neither set in the sweep nor a run setting")
        }
    }

    /// Task settings are written `task.<name>` (`task.operation: [add, sub]`), like `--task-set`.
    static let taskSettingPrefix = "task."

    /// Whether `name` is set per run rather than per machine: a run option or a task setting.
    static func isRunLevel(_ name: String) -> Bool {
        RunOptions.named(name) != nil || (name.hasPrefix(taskSettingPrefix) && name.count > taskSettingPrefix.count)
    }

    /// The machines a sweep uses (its `model` axis or base setting).
    static func modelNames(_ file: SweepFile, path: String) throws -> [String] {
        var names = file.axes.filter { $0.key.name == "model" }.flatMap { $0.values.map(\.text) }
        names += file.base.filter { $0.key.name == "model" }.map(\.value.text)
        names += file.include.flatMap { $0.filter { $0.key.name == "model" }.map(\.value.text) }
        if names.isEmpty { throw SweepError("\(path): no machine: give an axis or a base setting 'model'") }
        return names.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Every combination of the axes' values, the first axis varying slowest.
    static func product(_ axes: [(String, [String])]) -> [[(String, String)]] {
        axes.reduce([[]]) { partial, axis in partial.flatMap { p in axis.1.map { p + [(axis.0, $0)] } } }
    }

    /// Whether some rule matches the run on every key it names.
    static func excluded(
        _ assignment: [(String, String)], base: [(String, String)],
        rules: [[(key: SweepFile.Key, value: SweepFile.Value)]]
    ) throws -> Bool {
        let values = Dictionary(base + assignment, uniquingKeysWith: { $1 })
        return rules.contains { rule in rule.allSatisfy { same(values[$0.key.name], $0.value.text) } }
    }

    /// Equal as text, or as numbers (`1e-4` and `0.0001`).
    static func same(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        if a == b { return true }
        if let x = Double(a), let y = Double(b) { return x == y }
        return false
    }

    /// The config of one run: the task's and machine's defaults, the protocol's fixed settings and
    /// its settings for the machine, the file's base settings (`base`), the machine's own
    /// (`machines:`), then the run's axis values; `${name}` values replaced by the run's value of
    /// `name`; checked as `reckon train` checks its flags.
    static func makeRun(
        _ assignment: [(String, String)], base: [(String, String)], machines: [String: [(String, String)]] = [:],
        proto: SweepProtocol, path: String
    ) throws -> PlannedRun {
        let all = proto.fixed + base + assignment
        guard let task = all.last(where: { $0.0 == "task" })?.1 else {
            throw SweepError("\(path): no task: give an axis or a base setting 'task'")
        }
        guard let model = all.last(where: { $0.0 == "model" })?.1 else {
            throw SweepError("\(path): no machine: give an axis or a base setting 'model'")
        }
        do {
            var config = try RunConfig.defaults(task: task, model: model)
            let spec = try MachineCatalog.spec(named: model)
            let owned = Set(spec.hyperparameters.map(\.name))
            var machine: [String: String] = [:], taskSettings: [String: String] = [:]
            let ordered = try resolvingReferences(
                proto.fixed + (proto.machineSettings[model] ?? []) + base + (machines[model] ?? []) + assignment,
                defaults: config,
                path: path)
            for (name, value) in ordered where name != "task" && name != "model" {
                if let option = RunOptions.named(name) {
                    config = try option.applying(value, to: config)
                } else if name.hasPrefix(taskSettingPrefix) {
                    taskSettings[String(name.dropFirst(taskSettingPrefix.count))] = value
                } else if owned.contains(name) {
                    machine[name] = value
                }
            }
            config.hyperparameters = try spec.resolve(machine)
            if !taskSettings.isEmpty { config.taskSettings = taskSettings }
            config.protocolName = proto.name
            if proto.growsMemoryForEvaluation { config.evaluationSettings = MemoryNeeds.grownForEvaluation(config) }
            try config.validate()
            return PlannedRun(config: config, assignment: Dictionary(assignment, uniquingKeysWith: { $1 }))
        } catch let e as SweepError {
            throw e
        } catch {
            let where_ = assignment.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            throw SweepError("\(path): run \(where_): \(error)")
        }
    }
}
