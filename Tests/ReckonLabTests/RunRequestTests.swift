import Foundation
import ReckonLab
import ReckonMachines
import ReckonSupport
import Testing

/// Flag merging lives in the Lab (RunRequest), so it is tested without the binary; the defaults
/// are stated once (RunRequest.defaults) and the README's numbers are checked against them.
@Suite struct RunRequestTests {
    @Test func aNewRunNeedsATaskAndAModel() {
        #expect(throws: LabError.invalidOption("--task is required (see `reckon tasks`)")) { try RunRequest().newRun() }
        var r = RunRequest()
        r.task = "parity_check"
        #expect(throws: LabError.invalidOption("--model is required (see `reckon models`)")) { try r.newRun() }
    }

    @Test func aNewRunStartsFromTheTaskAndMachineDefaults() throws {
        let r = RunRequest(
            task: "copy", model: "lstm",
            overrides: [.init("steps", "7"), .init("hidden_size", "8"), .init("seed", "18446744073709551615")])
        let c = try r.newRun()
        let d = RunRequest.defaults
        #expect(c.steps == 7 && c.batchSize == d.batchSize && c.learningRate == d.learningRate)
        #expect(c.trainLength == 20 && c.evalMaxLength == 120 && c.seed == UInt64.max)
        #expect(c.machineSettings.values["hidden_size"] == .int(8))
    }

    /// On resume, settings go onto the run's own values: only what is named changes.
    @Test func settingsOnResumeChangeOnlyWhatTheyName() throws {
        let first = RunRequest(
            task: "reverse_string", model: "stack_rnn",
            overrides: [.init("hidden_size", "16"), .init("stack_size", "7")])
        let saved = try first.newRun()
        let again = RunRequest(overrides: [.init("stack_size", "9")])
        let resumed = try again.applied(to: saved)
        #expect(resumed.machineSettings.values["hidden_size"] == .int(16))
        #expect(resumed.machineSettings.values["stack_size"] == .int(9))
        #expect(throws: LabError.invalidOption("--set expects name=value, got 'stack_size'")) {
            try SettingOverride.parse(["stack_size"], flag: "--set")
        }
        #expect(throws: SettingError.self) {
            try RunRequest(overrides: [.init("curriculum", "sideways")]).applied(to: saved)
        }
    }

    /// A flag, `--set` and a sweep key are one path: the same name and text give the same config,
    /// and a run setting given through `--set` is still a run setting.
    @Test func flagsSetAndSweepKeysAreOnePath() throws {
        let flags = try RunSettingFlags.parse(["--batch-size", "16", "--grow-memory", "--curriculum=fixed"])
        #expect(flags == [.init("batch_size", "16"), .init("grow_memory", "true"), .init("curriculum", "fixed")])
        let viaFlags = try RunRequest(task: "parity_check", model: "lstm", overrides: flags).newRun()
        let viaSet = try RunRequest(
            task: "parity_check", model: "lstm",
            overrides: try SettingOverride.parse(
                ["batch_size=16", "grow_memory=true", "curriculum=fixed"], flag: "--set")
        ).newRun()
        #expect(viaFlags == viaSet && viaFlags.batchSize == 16 && viaFlags.growMemory)
        #expect(throws: LabError.self) { try RunSettingFlags.parse(["--batch-sise", "16"]) }
        #expect(throws: LabError.self) { try RunSettingFlags.parse(["--steps"]) }
        let unknown = #expect(throws: SettingError.self) {
            try RunRequest(task: "parity_check", model: "lstm", overrides: [.init("hiden_size", "4")]).newRun()
        }
        #expect(unknown?.description.contains("did you mean 'hidden_size'?") == true)
    }

    /// --min-train-length and --beam-width (pointer tasks) are run settings too: applied to the
    /// curriculum and the evaluation, validated with the rest, absent from a config that omits them.
    @Test func minimumTrainingLengthAndBeamWidth() throws {
        var r = RunRequest(
            task: "convex_hull", model: "pointer_net",
            overrides: [.init("min_train_length", "5"), .init("train_length", "8"), .init("beam_width", "3")])
        let c = try r.newRun()
        #expect(c.curriculum.minLength == 5 && c.trainLength == 8 && c.beamWidth == 3)
        let d = try RunRequest(task: "convex_hull", model: "pointer_net").newRun()
        #expect(d.curriculum.minLength == 1 && d.beamWidth == 1)
        let encoded = String(decoding: try JSONEncoder().encode(d), as: UTF8.self)
        #expect(!encoded.contains("beamWidth") && !encoded.contains("minLength") && !encoded.contains("growMemory"))
        r.overrides.append(.init("min_train_length", "9"))
        #expect(throws: SettingError.self) { try r.newRun() }
    }

    /// The README's table of run settings states each setting's flag and default as declared; a
    /// row for a setting that does not exist fails, and so does a table that lost its core rows.
    @Test func theReadmeStatesRunSettingsAsDeclared() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../README.md")
        let rows = try String(contentsOf: readme, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("| `") }
        var stated: Set<String> = []
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[1].hasPrefix("`--") else { continue }
            let name = String(cells[0].dropFirst().dropLast())
            let d = try #require(
                RunSettings.declaration(named: name), "README states a run setting \(name) that does not exist")
            stated.insert(name)
            #expect(cells[1] == "`\(RunSettingFlags.flag(d.name))`", "README: \(row)")
            let value = d.shownDefault.map { _ in "the task's" } ?? d.defaultText
            #expect(cells[2] == value, "README states \(cells[2]) for \(d.name), its declaration \(value)")
        }
        for d in RunSettings.declarations where d.recording == .always {
            #expect(stated.contains(d.name), "README's table lacks \(d.name)")
        }
    }
}
