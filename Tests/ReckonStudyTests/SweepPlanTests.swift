import Foundation
import ReckonLab
import ReckonMachines
import Testing

@testable import ReckonStudy

/// Sweep files and what they expand to.
@Suite struct SweepPlanTests {
    static func plan(_ yaml: String, protocol p: RunProtocol? = nil) throws -> SweepPlan {
        try SweepPlan.expand(try SweepFile.parse(yaml, path: "s.yaml"), protocol: p)
    }

    static func error(_ yaml: String, protocol p: RunProtocol? = nil) -> String {
        do {
            _ = try plan(yaml, protocol: p)
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func theProductOfTheAxesIsTheRunList() throws {
        let p = try Self.plan(
            """
            name: t
            base: {steps: 20, hidden_size: 8}
            axes:
              task: [parity_check, reverse_string]
              model: [lstm, stack_rnn]
              seed: [0, 1, 2]
            """)
        #expect(p.runs.count == 12)
        #expect(Set(p.runs.map(\.id)).count == 12)
        #expect(
            p.runs.allSatisfy { $0.config.steps == 20 && $0.config.machineSettings.values["hidden_size"] == .int(8) })
        // The first axis varies slowest.
        #expect(p.runs.prefix(6).allSatisfy { $0.config.task == "parity_check" })
        #expect(p.runs.map(\.config.seed).prefix(3) == [0, 1, 2])
    }

    @Test func aMachineSettingAxisMultipliesOnlyTheMachinesThatHaveIt() throws {
        let p = try Self.plan(
            """
            name: t
            axes:
              task: parity_check
              model: [lstm, transformer_encoder]
              positional_encodings: [none, rotary, alibi]
            """)
        #expect(p.runs.filter { $0.config.model == "lstm" }.count == 1)
        let encodings = p.runs.filter { $0.config.model == "transformer_encoder" }.map {
            $0.config.machineSettings.values["positional_encodings"]?.description
        }
        #expect(encodings == ["none", "rotary", "alibi"])
    }

    /// `task.<name>` keys set task settings as `--task-set` does; the task checks them.
    @Test func taskSettingAxesSetTheTasksSettings() throws {
        let plan = try Self.plan(
            """
            name: t
            base: {task: arithmetic_function, model: nau, steps: 10}
            axes: {task.operation: [add, sub], seed: [0, 1]}
            """)
        #expect(plan.runs.count == 4)
        #expect(plan.runs.map { $0.config.taskSettings?["operation"] } == ["add", "add", "sub", "sub"])
        #expect(Set(plan.runs.map(\.id)).count == 4)
        #expect(throws: (any Error).self) {
            try Self.plan("name: t\nbase: {task: arithmetic_function, model: nau, task.operation: pow}")
        }
        #expect(throws: (any Error).self) {
            try Self.plan("name: t\nbase: {task: arithmetic_function, model: nau, task.no_such_setting: 1}")
        }
    }

    /// `machines:` settings apply to one machine's runs, over `base` and under the axes.
    @Test func machineSectionsSetOneMachinesRuns() throws {
        let plan = try Self.plan(
            """
            name: t
            base: {task: arithmetic_function, steps: 10, learning_rate: 0.01}
            machines:
              nmu: {regularizer_start: 3, learning_rate: 0.002}
              nau: {regularizer_start: 4}
            axes: {model: [nau, nmu, linear], seed: [0, 1]}
            include:
              - {model: nmu, seed: 2, regularizer_start: 5}
            """)
        #expect(plan.runs.count == 7)
        func start(_ model: String) -> [String] {
            plan.runs.filter { $0.config.model == model }.map {
                $0.config.machineSettings.values["regularizer_start"]?.description ?? "-"
            }
        }
        #expect(start("nmu") == ["3", "3", "5"])
        #expect(start("nau") == ["4", "4"])
        #expect(plan.runs.filter { $0.config.model == "linear" }.allSatisfy { $0.config.learningRate == 0.01 })
        #expect(plan.runs.filter { $0.config.model == "nmu" }.allSatisfy { $0.config.learningRate == 0.002 })
        // Without the section the same runs get the same ids as before it existed.
        let plain = try Self.plan("name: t\nbase: {task: parity_check, steps: 10}\naxes: {model: [lstm]}\n")
        let empty = try Self.plan(
            "name: t\nbase: {task: parity_check, steps: 10}\nmachines: {}\naxes: {model: [lstm]}\n")
        #expect(plain.runs.map(\.id) == empty.runs.map(\.id))
        let other = Self.error(
            "name: t\nbase: {task: parity_check}\nmachines:\n  nmu: {steps: 1}\naxes: {model: [lstm]}\n")
        #expect(other == "s.yaml:4:3: machines: 'nmu' is not a machine of this sweep; its machines: lstm", "\(other)")
        let setting = Self.error(
            "name: t\nbase: {task: parity_check}\nmachines:\n  lstm: {hiden_size: 8}\naxes: {model: [lstm]}\n")
        #expect(setting.hasPrefix("s.yaml:4:10: unknown setting 'hiden_size' of machines.lstm; did you mean"))
        let model = Self.error(
            "name: t\nbase: {task: parity_check}\nmachines:\n  lstm: {model: rnn}\naxes: {model: [lstm]}\n")
        #expect(model == "s.yaml:4:10: machines.lstm cannot set 'model': its settings apply to lstm's runs", "\(model)")
        // A machine section fixes what the protocol varies for that machine: one encoding, not five.
        let fixed = try Self.plan(
            "name: t\nbase: {task: parity_check}\nmachines:\n  transformer_encoder: {positional_encodings: rotary}\n"
                + "axes: {model: [transformer_encoder]}\n", protocol: .paper)
        #expect(fixed.runs.count == 30)
        #expect(fixed.runs.allSatisfy { $0.config.machineSettings.values["positional_encodings"] == .string("rotary") })
        #expect(fixed.runs.allSatisfy { $0.config.protocolDeviations == nil }, "rotary is one of the paper's encodings")
    }

    /// `${name}` is the run's value of another setting: the reference ties the function task's
    /// subsets to the run seed, and `task.subset_seed: ${seed}` does the same here.
    @Test func referencesTakeTheRunsValueOfAnotherSetting() throws {
        let plan = try Self.plan(
            """
            name: t
            base: {task: arithmetic_function, model: nau, steps: 10, task.subset_seed: "${seed}"}
            axes: {seed: [3, 7]}
            """)
        #expect(plan.runs.map { $0.config.taskSettings?["subset_seed"] } == ["3", "7"])
        // A run setting the sweep leaves alone is its default.
        let defaulted = try Self.plan(
            "name: t\nbase: {task: arithmetic_function, model: nau, task.subset_seed: \"${seed}\"}\n")
        #expect(defaulted.runs.map { $0.config.taskSettings?["subset_seed"] } == ["0"])
        let unknown = Self.error(
            "name: t\nbase: {task: arithmetic_function, model: nau, task.subset_seed: \"${sed}\"}\n")
        #expect(
            unknown == "s.yaml: task.subset_seed: ${sed} refers to 'sed', which is neither set in the sweep "
                + "nor a run setting", "\(unknown)")
        let chain = Self.error(
            "name: t\nbase: {task: arithmetic_function, model: nau, steps: \"${seed}\", "
                + "task.subset_seed: \"${steps}\"}\n")
        #expect(chain.contains("refers to 'steps', itself a reference"), "\(chain)")
    }

    @Test func excludeRemovesAndIncludeAdds() throws {
        let p = try Self.plan(
            """
            name: t
            axes: {task: [parity_check, even_pairs], model: [lstm, rnn]}
            exclude:
              - {task: even_pairs, model: rnn}
            include:
              - {task: reverse_string, model: lstm, learning_rate: 3e-4}
            """)
        #expect(p.runs.count == 4)
        #expect(!p.runs.contains { $0.config.task == "even_pairs" && $0.config.model == "rnn" })
        #expect(p.runs.contains { $0.config.task == "reverse_string" && $0.config.learningRate == 3e-4 })
    }

    @Test func ruleValuesMatchAsNumbers() throws {
        let p = try Self.plan(
            """
            name: t
            axes: {task: parity_check, model: lstm, learning_rate: [1e-4, 3e-4]}
            exclude: [{learning_rate: 0.0001}]
            """)
        #expect(p.runs.map(\.config.learningRate) == [3e-4])
    }

    @Test func idsAreStableAndDependOnTheConfig() throws {
        let yaml = "name: t\naxes: {task: parity_check, model: lstm, seed: [0, 1]}\n"
        let a = try Self.plan(yaml)
        let b = try Self.plan(yaml)
        #expect(a.runs.map(\.id) == b.runs.map(\.id))
        #expect(a.runs[0].id != a.runs[1].id)
        #expect(a.runs[0].id.hasPrefix("parity_check-lstm-"))
    }

    @Test func mistakesAreOneLineErrorsWithTheirPlace() {
        let unknown = Self.error("name: t\naxes:\n  task: parity_check\n  model: lstm\n  hiden_size: [8]\n")
        #expect(unknown.hasPrefix("s.yaml:5:3: unknown axis 'hiden_size'; did you mean 'hidden_size'?"), "\(unknown)")
        let empty = Self.error("name: t\naxes:\n  task: []\n  model: lstm\n")
        #expect(empty == "s.yaml:3:3: axis 'task' is empty; give it at least one value")
        let yaml = Self.error("name: t\naxes: {task: [parity_check, model: lstm\n")
        #expect(yaml.hasPrefix("s.yaml:") && yaml.contains("not valid YAML"), "\(yaml)")
        let key = Self.error("name: t\naxis: {task: parity_check}\n")
        #expect(key.contains("unknown key 'axis'; did you mean 'axes'?"), "\(key)")
        #expect(Self.error("axes: {task: parity_check, model: lstm}\n").contains("needs a name"))
        #expect(Self.error("name: t\naxes: {task: nope, model: lstm}\n").contains("unknown task 'nope'"))
        #expect(Self.error("name: t\naxes: {task: parity_check}\n").contains("no machine"))
        let value = Self.error("name: t\naxes: {task: parity_check, model: lstm, hidden_size: [big]}\n")
        #expect(value.contains("hidden_size") && value.contains("big"), "\(value)")
        for e in [unknown, empty, yaml, key, value] { #expect(!e.contains("\n")) }
    }

    /// A protocol's setting for one machine beats its fixed settings: the paper trains the
    /// nondeterministic stack at batch 16 (Delétang et al., appendix), the others at 128.
    @Test func aProtocolsMachineSettingsBeatItsFixedOnes() throws {
        let p = try Self.plan(
            "name: p\naxes: {task: reverse_string, model: [ndstack_rnn, stack_rnn]}\n", protocol: .paper)
        #expect(Set(p.runs.filter { $0.config.model == "ndstack_rnn" }.map(\.config.batchSize)) == [16])
        #expect(Set(p.runs.filter { $0.config.model == "stack_rnn" }.map(\.config.batchSize)) == [128])
    }

    /// Under a protocol a file may override what it fixes, for a pilot: the override is recorded
    /// as a deviation (config.json, summary.json, the database, the report), and an axis the file
    /// sets itself replaces the protocol's.
    @Test func aProtocolRecordsOverridesOfWhatItFixesAsDeviations() throws {
        let p = try Self.plan(
            "name: t\nbase: {steps: 10000}\naxes: {task: reverse_string, model: stack_rnn, seed: [1]}\n",
            protocol: .paper)
        #expect(p.runs.count == 3, "one seed x the paper's three learning rates")
        #expect(p.runs.allSatisfy { $0.config.steps == 10_000 && $0.config.seed == 1 })
        #expect(p.runs.allSatisfy { $0.config.protocolDeviations == ["steps": "10000"] })
        #expect(p.runs.allSatisfy { ProtocolName.label($0.config) == "paper (steps=10000)" })
        let stack = try #require(p.runs.first)
        #expect(stack.config.machineSettings.values["stack_size"] == .int(128))
        #expect(stack.config.evaluationSettings?["stack_size"] == .int(1000), "grown to the unroll at length 500")
        // A seed the paper never uses is a deviation too; the same value as the protocol's is not.
        let other = try Self.plan(
            "name: t\nbase: {steps: 1000000, seed: 11}\naxes: {task: reverse_string, model: stack_rnn}\n",
            protocol: .paper)
        #expect(other.runs.allSatisfy { $0.config.protocolDeviations == ["seed": "11"] })
        // Without a protocol, the same file means what it says: no deviation, demo.
        let plain = try Self.plan("name: t\nbase: {steps: 10000}\naxes: {task: reverse_string, model: stack_rnn}\n")
        #expect(plain.runs.count == 1 && plain.runs[0].config.steps == 10_000)
        #expect(plain.runs[0].config.protocolDeviations == nil && plain.runs[0].config.protocolName == "demo")
        #expect(plain.runs[0].config.evaluationSettings == nil)
    }

    /// The paper's grid for one task: 30 runs per machine (10 seeds x 3 learning rates), x5
    /// encodings for the Transformer, x3 computation steps x2 tapes for the Tape-RNN.
    @Test func thePaperProtocolPlansTheAppendixGrid() throws {
        let p = try Self.plan(
            "name: p\naxes: {task: reverse_string, model: [rnn, stack_rnn, tape_rnn, transformer_encoder, lstm]}\n",
            protocol: .paper)
        let perModel = Dictionary(grouping: p.runs, by: \.config.model).mapValues(\.count)
        #expect(perModel == ["rnn": 30, "stack_rnn": 30, "tape_rnn": 180, "transformer_encoder": 150, "lstm": 30])
        #expect(
            p.runs.allSatisfy {
                $0.config.steps == 1_000_000 && $0.config.batchSize == 128 && $0.config.evalMaxLength == 500
            })
        #expect(Set(p.runs.map(\.config.learningRate)) == [1e-4, 3e-4, 5e-4])
        #expect(Set(p.runs.map(\.config.seed)) == Set(0...9))
        // Memory: 128 / 256 cells in training, grown at evaluation to the longest input's unroll
        // (reverse_string at 500: 500 inputs + 500 outputs, plus 2 x 500 computation tokens at most).
        let stack = try #require(p.runs.first { $0.config.model == "stack_rnn" })
        #expect(stack.config.machineSettings.values["stack_size"] == .int(128))
        #expect(stack.config.evaluationSettings?["stack_size"] == .int(1000))
        let tapes = p.runs.filter { $0.config.model == "tape_rnn" }
        #expect(tapes.allSatisfy { $0.config.machineSettings.values["memory_size"] == .int(256) })
        #expect(
            Set(tapes.compactMap { $0.config.evaluationSettings?["memory_size"]?.description }) == [
                "1000", "1500", "2000",
            ])
        #expect(p.runs.allSatisfy { $0.config.protocolName == "paper" })
    }

    @Test func theExampleSweepsParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let tiny = try SweepFile.parse(
            String(contentsOf: root.appendingPathComponent("examples/sweeps/tiny.yaml"), encoding: .utf8),
            path: "tiny.yaml")
        #expect(try SweepPlan.expand(tiny).runs.count == 8)
        let paper = try SweepFile.parse(
            String(contentsOf: root.appendingPathComponent("examples/sweeps/chomsky-paper.yaml"), encoding: .utf8),
            path: "chomsky-paper.yaml")
        #expect(try SweepPlan.expand(paper, protocol: .paper).runs.count == 15 * 420)
        func example(_ name: String) throws -> SweepPlan {
            let url = root.appendingPathComponent("examples/sweeps/\(name)")
            return try SweepPlan.expand(try SweepFile.parse(String(contentsOf: url, encoding: .utf8), path: name))
        }
        let function = try example("function-task.yaml")
        #expect(function.runs.count == 120)
        #expect(function.runs.allSatisfy { $0.config.taskSettings?["subset_seed"] == String($0.config.seed) })
        let nmu = function.runs.filter { $0.config.model == "nmu" }.map(\.config.machineSettings.values)
        #expect(nmu.allSatisfy { $0["regularizer_start"] == .int(10000) && $0["regularizer_end"] == .int(20000) })
        #expect(try example("function-task-nau-sub.yaml").runs.count == 40)
        // The pilot is `reckon train --protocol paper --steps 10000`'s run, as a sweep.
        let pilot = try example("pilot-paper.yaml").runs
        var train = RunRequest(task: "reverse_string", model: "stack_rnn", overrides: [.init("steps", "10000")])
        train.protocolName = "paper"
        let trained = try train.newRun()
        #expect(pilot.count == 1 && pilot[0].config == trained)
        #expect(ProtocolName.label(pilot[0].config) == "paper (steps=10000)")
        #expect(try example("function-task-nmu-200k.yaml").runs.count == 10)
        #expect(
            try example("decimal-formats.yaml").runs.map { $0.config.taskSettings?["format"] } == [
                "plain", "reversed", "index_hints",
            ])
    }

    @Test func jobsUseEveryCoreOnce() {
        #expect(LocalSweepRunner.Jobs.automatic(cores: 2, runs: 16) == .init(count: 2, threadsPerJob: 1))
        #expect(LocalSweepRunner.Jobs.automatic(cores: 8, runs: 2) == .init(count: 2, threadsPerJob: 4))
        #expect(LocalSweepRunner.Jobs.automatic(cores: 4, runs: 1) == .init(count: 1, threadsPerJob: 4))
    }

    @Test func slurmChunksStayWithinTheArrayLimit() {
        #expect(SlurmJob.chunking(runs: 8, maxArraySize: 1001) == (1, 8))
        #expect(SlurmJob.chunking(runs: 6300, maxArraySize: 1001) == (7, 900))
        let job = SlurmJob(
            partition: "gpu", account: nil, time: "04:00:00", cpusPerTask: 2, arrayParallelism: 10,
            chunk: 7, arrayTasks: 900, jobID: nil)
        let script = job.script(name: "p", executable: "/opt/reckon", directory: "/data/sweep")
        #expect(script.contains("#SBATCH --array=0-899%10"))
        #expect(script.contains("#SBATCH --signal=B:USR2@120"))
        #expect(
            script.contains(
                "exec '/opt/reckon' sweep run-one '/data/sweep' --array-index \"$SLURM_ARRAY_TASK_ID\" --chunk 7 "
                    + "--slurm"
            ))
    }
}
