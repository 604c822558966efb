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

    /// The plan of the sweep file at `path` under `protocol` (the file's own when nil), and the
    /// file's text.
    public static func load(
        path: String, protocol override: RunProtocol? = nil, limits: SweepLimits = .standard
    ) throws -> (plan: SweepPlan, source: String) {
        let (file, source) = try SweepFile.load(path: path, limits: limits)
        return (try expand(file, protocol: override, limits: limits), source)
    }

    /// Expands `file` under `protocol` (the file's own `protocol:` when nil, else demo), after
    /// checking that it plans at most `limits.maxRuns` runs (counted before any run is made).
    public static func expand(
        _ file: SweepFile, protocol override: RunProtocol? = nil, limits: SweepLimits = .standard
    ) throws -> SweepPlan {
        let proto: RunProtocol
        do { proto = try override ?? file.protocolName.map(RunProtocol.named) ?? .demo } catch let e as LabError {
            throw SweepError("\(file.path): \(e)")
        }
        let path = file.path
        let models = try modelNames(file, path: path)
        let specs: [MachineSpec]
        do { specs = try models.map { try MachineCatalog.spec(named: $0) } } catch {
            throw SweepError("\(path): \(error)")
        }
        let machineSettingNames = Set(specs.flatMap(\.settingNames))

        // Every name must be a run setting, a task setting (`task.<name>`, checked with the task) or a
        // setting of some machine in the sweep.
        func check(_ key: SweepFile.Key, _ what: String) throws {
            if isRunLevel(key.name) || machineSettingNames.contains(key.name) { return }
            let known = RunSettings.names + machineSettingNames.sorted()
            let hint = NameSuggestion.closest(to: key.name, among: known).map { "did you mean '\($0)'? " } ?? ""
            throw SweepError.at(
                path, key.line, key.column,
                "unknown \(what) '\(key.name)'; \(hint)valid: run settings "
                    + RunSettings.names.joined(separator: ", ") + ", task.<a task setting> (see reckon tasks), "
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
            let owned = spec.settingNames
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
        // A protocol's axis gives way to the file: a name the file sets (in its base, a machine's
        // section or its own axes) is no longer varied by the protocol; a value outside the
        // protocol's is recorded as a deviation (`RunProtocol.isDeviation`).
        let setByFile = Set(file.base.map(\.key.name) + file.axes.map(\.key.name))

        // Run-level axes first (the file's, then the protocol's), machine-setting axes per machine.
        var runAxes: [(String, [String])] = file.axes.filter { isRunLevel($0.key.name) }.map {
            ($0.key.name, $0.values.map(\.text))
        }
        runAxes += proto.axes.filter { name, _ in !setByFile.contains(name) }
        let fileMachineAxes = file.axes.filter { !isRunLevel($0.key.name) }.map {
            ($0.key.name, $0.values.map(\.text))
        }
        let fileBase = file.base.map { ($0.key.name, $0.value.text) }
        let base = proto.fixed + fileBase

        func machineAxes(_ model: String) throws -> [(String, [String])] {
            let owned = Set(try MachineCatalog.spec(named: model).settingNames)
            let setForMachine = setByFile.union((machineSettings[model] ?? []).map(\.0))
            return fileMachineAxes.filter { owned.contains($0.0) }
                + (proto.machineAxes[model] ?? []).filter { name, _ in !setForMachine.contains(name) }
        }
        let bound = try runBound(
            runAxes: runAxes, baseModel: base.last(where: { $0.0 == "model" })?.1, machineAxes: machineAxes,
            includes: file.include.count)
        if bound > limits.maxRuns {
            let count = bound == Int.max ? "more than \(Int.max)" : "\(bound)"
            throw SweepError(
                "\(path): the sweep plans \(count) runs (the product of its axes, before exclude rules), over the "
                    + "limit of \(limits.maxRuns); split it into smaller sweeps")
        }

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
            for machinePoint in product(try machineAxes(model)) {
                let assignment = runPoint + machinePoint
                if try excluded(assignment, base: base, rules: file.exclude) { continue }
                try add(assignment)
            }
        }
        for rule in file.include { try add(rule.map { ($0.key.name, $0.value.text) }) }
        if runs.isEmpty { throw SweepError("\(path): every run is excluded; the sweep is empty") }
        return SweepPlan(name: file.name, protocolName: proto.name, runs: runs)
    }

    /// The number of runs the axes multiply to, plus the include rules, without making one: per
    /// point of the run-level axes, the product of the machine-setting axes of its machine. The
    /// machine is the base's when it sets one (as in `expand`), else the `model` axis value.
    /// Saturates at `Int.max`.
    static func runBound(
        runAxes: [(String, [String])], baseModel: String?, machineAxes: (String) throws -> [(String, [String])],
        includes: Int
    ) throws -> Int {
        func times(_ a: Int, _ b: Int) -> Int {
            let (p, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? Int.max : p
        }
        func plus(_ a: Int, _ b: Int) -> Int {
            let (s, overflow) = a.addingReportingOverflow(b)
            return overflow ? Int.max : s
        }
        func size(_ axes: [(String, [String])]) -> Int { axes.reduce(1) { times($0, $1.1.count) } }
        let runs: Int
        if let baseModel {
            runs = times(size(runAxes), size(try machineAxes(baseModel)))
        } else if let m = runAxes.lastIndex(where: { $0.0 == "model" }) {
            var others = runAxes
            others.remove(at: m)
            var perModel = 0
            // A model axis may repeat a value; each occurrence makes its own run points.
            var sizes: [String: Int] = [:]
            for model in runAxes[m].1 {
                if sizes[model] == nil { sizes[model] = size(try machineAxes(model)) }
                perModel = plus(perModel, sizes[model] ?? 0)
            }
            runs = times(size(others), perModel)
        } else {
            runs = size(runAxes)
        }
        return plus(runs, includes)
    }

    /// `settings` with each `${name}` value replaced by the last plain value of `name` among them,
    /// or by the default of the run setting `name`: `task.subset_seed: ${seed}` ties a task's
    /// subsets to the run's seed, as the reference's function task does.
    static func resolvingReferences(
        _ settings: [(String, String)], defaults: RunConfig, path: String
    ) throws -> [(String, String)] {
        // The last value of each name, found once: a run may carry a few hundred settings.
        let last = Dictionary(settings, uniquingKeysWith: { $1 })
        return try settings.map { name, value in
            guard value.hasPrefix("${"), value.hasSuffix("}"), value.count > 3 else { return (name, value) }
            let target = String(value.dropFirst(2).dropLast())
            if let given = last[target].map({ (target, $0) }) {
                guard !given.1.hasPrefix("${") else {
                    throw SweepError(
                        "\(path): \(name): \(value) refers to '\(target)', itself a reference; refer to a value")
                }
                return (name, given.1)
            }
            if let value = defaults.settings.text(of: target) { return (name, value) }
            throw SweepError(
                "\(path): \(name): \(value) refers to '\(target)', which is neither set in the sweep nor a run setting")
        }
    }

    /// Whether `name` is set per run rather than per machine: the task, the machine, a run
    /// setting or a task setting (`task.<name>`).
    static func isRunLevel(_ name: String) -> Bool {
        name == "task" || name == "model" || RunSettings.declaration(named: name) != nil
            || SettingOverride(name, "").taskSetting != nil
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
        return SettingOverride.sameValue(a, b)
    }

    /// The config of one run, made as `reckon train --protocol` makes it (`RunRequest`): the
    /// task's and machine's defaults, the protocol's settings for the machine, then the file's
    /// base settings (`base`), the machine's own (`machines:`) and the run's axis values, each
    /// applied only where it means something for this machine; `${name}` values replaced by the
    /// run's value of `name`; checked as `reckon train` checks its flags.
    static func makeRun(
        _ assignment: [(String, String)], base: [(String, String)], machines: [String: [(String, String)]] = [:],
        proto: RunProtocol, path: String
    ) throws -> PlannedRun {
        let all = proto.fixed + base + assignment
        guard let task = all.last(where: { $0.0 == "task" })?.1 else {
            throw SweepError("\(path): no task: give an axis or a base setting 'task'")
        }
        guard let model = all.last(where: { $0.0 == "model" })?.1 else {
            throw SweepError("\(path): no machine: give an axis or a base setting 'model'")
        }
        do {
            let defaults = try RunConfig.defaults(task: task, model: model)
            let owned = Set(try MachineCatalog.spec(named: model).settingNames)
            let fromProtocol = proto.settings(for: model).map { ($0.name, $0.text) }
            let given = base + (machines[model] ?? []) + assignment
            let resolved = try resolvingReferences(fromProtocol + given, defaults: defaults, path: path)
                .dropFirst(fromProtocol.count)
            var request = RunRequest(task: task, model: model)
            request.protocolName = proto.name
            request.overrides = resolved.filter { name, _ in
                name != "task" && name != "model" && (isRunLevel(name) || owned.contains(name))
            }.map { SettingOverride($0.0, $0.1) }
            let config = try request.newRun()
            return PlannedRun(config: config, assignment: Dictionary(assignment, uniquingKeysWith: { $1 }))
        } catch let e as SweepError {
            throw e
        } catch {
            let where_ = assignment.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            throw SweepError("\(path): run \(where_): \(error)")
        }
    }
}
