import Foundation
import ReckonMachines
import ReckonTasks
import Testing

@testable import ReckonLab

/// `reckon inspect`'s Lab half: which typed inputs a task takes, and what an inspection of a
/// saved run holds.
@Suite struct MachineInspectorTests {
    static func parse(_ text: String, _ taskName: String, maxLength: Int = 40) throws -> [Int] {
        try MachineInspector.parse(text, task: try TaskCatalog.task(named: taskName), maxLength: maxLength)
    }

    /// The one-line message `parse` refuses `text` with.
    static func refusal(_ text: String, _ taskName: String, maxLength: Int = 40) -> String? {
        do {
            _ = try parse(text, taskName, maxLength: maxLength)
            return nil
        } catch let error as LabError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func typedInputsOfTheTasksThatTakeThem() throws {
        #expect(try Self.parse("0110", "parity_check") == [0, 1, 1, 0])
        #expect(try Self.parse("0 1 1 0", "parity_check") == [0, 1, 1, 0])
        #expect(try Self.parse("  0 1  1 0 ", "parity_check") == [0, 1, 1, 0])
        #expect(try Self.parse("-1 0 +1", "cycle_navigation") == [0, 1, 2])
        // Regular tasks take what their automaton reads: a whole expression.
        #expect(try Self.parse("1 + 2", "modular_arithmetic") == [1, 5, 2])
        #expect(try Self.parse("1+2", "modular_arithmetic") == [1, 5, 2])
        #expect(try Self.parse("0110", "reverse_string") == [0, 1, 1, 0])
        #expect(try Self.parse("1 0 4 2", "bucket_sort") == [1, 0, 4, 2])
    }

    @Test func refusalsAreOneLineAndSayWhy() throws {
        let cases: [(text: String, task: String, maxLength: Int, says: [String])] = [
            ("1 +", "modular_arithmetic", 40, ["'1 +' is not an input of modular_arithmetic"]),
            ("1+1", "binary_addition", 40, ["binary_addition", "--sample N --length L"]),
            ("PUSH0 POP", "stack_manipulation", 40, ["stack_manipulation", "--sample N --length L"]),
            ("0120", "parity_check", 40, ["'2' is not a symbol of parity_check", "(symbols: 0 1)"]),
            ("-1 2", "cycle_navigation", 40, ["'2'", "(symbols: -1 0 +1)"]),
            ("", "parity_check", 40, ["--input is empty"]),
            ("   ", "parity_check", 40, ["--input is empty"]),
            ("011011", "parity_check", 5, ["6 symbols", "at most 5"]),
        ]
        for c in cases {
            let message = try #require(Self.refusal(c.text, c.task, maxLength: c.maxLength), "'\(c.text)' accepted")
            #expect(!message.contains("\n"), "\(message)")
            for part in c.says { #expect(message.contains(part), "'\(c.text)' on \(c.task): \(message)") }
        }
        // Tasks with real-valued or pointer answers are never typed.
        let realTasks = TaskCatalog.all.filter { $0.outputKind != .tokens }
        for task in realTasks {
            #expect(throws: LabError.self) { try MachineInspector.parse("0", task: task, maxLength: 10) }
        }
    }

    /// Every task either takes a typed input over its symbols or refuses it with a line that says
    /// how to inspect it instead: no task crashes on a string of its own symbols.
    @Test func everyTaskAnswersOrRefusesAStringOfItsSymbols() {
        for task in TaskCatalog.all where task.outputKind == .tokens {
            let text = task.inputSymbols.prefix(3).joined(separator: " ")
            do {
                let ids = try MachineInspector.parse(text, task: task, maxLength: 10)
                #expect(task.acceptsEveryInput || task is any RegularTask, "\(task.name)")
                #expect(task.solution(for: .tokens(ids)).ids.count == task.outputLength(forInputLength: ids.count))
            } catch let error as LabError {
                #expect(!error.description.contains("\n"))
            } catch {
                Issue.record("\(task.name): \(error)")
            }
        }
    }

    /// A stack_rnn trained a few steps on reverse_string, inspected on sampled and typed inputs.
    @Test func inspectsAStackMachineRun() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let config = try LabTestSupport.config(
            task: "reverse_string", model: "stack_rnn", steps: 10, trainLength: 4, evalMaxLength: 5,
            settings: ["hidden_size": "8", "stack_size": "6", "stack_cell_size": "2"])
        _ = try LabTestSupport.run(config, in: dir)

        let run = try SavedRun.open(dir, maxLength: nil)
        let inspector = MachineInspector(run: run)
        let sampled = try inspector.inspect(.sampled(count: 3, length: 4, seed: 7))
        #expect(sampled.task == "reverse_string" && sampled.model == "stack_rnn" && sampled.step == 10)
        #expect(sampled.inputs == "3 samples at length 4, seed 7")
        #expect(sampled.samples.count == 3)
        #expect(sampled.trueStateNames == nil)
        for s in sampled.samples {
            #expect(s.input.count == 4)
            #expect(s.tape == s.input + ["?", "?", "?", "?"])
            #expect(s.answerStart == 4)
            #expect(s.target == Array(s.input.reversed()), "the solver's answer")
            #expect(s.prediction.count == 4 && s.prediction.allSatisfy { ["0", "1"].contains($0) })
            #expect(s.confidence.count == 4)
            #expect(s.confidence.allSatisfy { c in c.map { $0 >= 0.5 - 1e-6 && $0 <= 1 } ?? false })
            #expect(s.trueStates == nil && s.stepsUsed == nil)
            let actions = try #require(s.series.first { $0.name == TraceName.stackActions })
            #expect(actions.kind == .weights && actions.labels == ["push", "pop", "no-op"])
            #expect(actions.values.count == 7 && actions.values.allSatisfy { $0.count == 3 })
            let top = try #require(s.series.first { $0.name == TraceName.stackTop })
            #expect(top.values.count == 7 && top.values.allSatisfy { $0.count == 6 })
            let hidden = try #require(s.series.first { $0.name == TraceName.hidden })
            #expect(hidden.values.count == 8 && hidden.values.allSatisfy { $0.count == 8 })
        }
        let projection = try #require(sampled.projection)
        #expect(projection.points.map(\.count) == [8, 8, 8])

        let parts = sampled.meanByPart(of: TraceName.stackActions)
        #expect(parts.map(\.label) == ["push", "pop", "no-op"])
        for part in parts {
            let input = try #require(part.input)
            let answer = try #require(part.answer)
            #expect((0...1).contains(input) && (0...1).contains(answer), "\(part)")
            #expect(part.computation == nil)
        }
        // The three actions' means are the mean of rows that sum to 1.
        #expect(abs(parts.map { $0.input! }.reduce(0, +) - 1) < 1e-4)
        #expect(abs(parts.map { $0.answer! }.reduce(0, +) - 1) < 1e-4)
        #expect(sampled.meanByPart(of: "no such series").isEmpty)

        let decoded = try RunFolder.decoder().decode(Inspection.self, from: try sampled.jsonData())
        #expect(decoded.samples.count == sampled.samples.count)
        #expect(decoded.samples.map(\.input) == sampled.samples.map(\.input))
        #expect(decoded.samples.map(\.series.count) == sampled.samples.map(\.series.count))

        // Reproducible sampling: the same seed draws the same inputs, another seed others.
        let again = try inspector.inspect(.sampled(count: 3, length: 4, seed: 7))
        #expect(again.samples.map(\.input) == sampled.samples.map(\.input))
        #expect(again.samples.map(\.prediction) == sampled.samples.map(\.prediction))
        let other = try inspector.inspect(.sampled(count: 3, length: 4, seed: 8))
        #expect(other.samples.map(\.input) != sampled.samples.map(\.input))

        let typed = try inspector.inspect(.typed([0, 1, 1]))
        #expect(typed.inputs == "typed input" && typed.samples.count == 1)
        let sample = try #require(typed.samples.first)
        #expect(sample.input == ["0", "1", "1"] && sample.target == ["1", "1", "0"])
        #expect(sample.tape == ["0", "1", "1", "?", "?", "?"])
        #expect(sample.isCorrect == (sample.prediction == sample.target))

        // While the run is open another open is refused; closing releases the lock.
        #expect(throws: (any Error).self) { try SavedRun.open(dir, maxLength: nil) }
        withExtendedLifetime(run) { run.close() }
        let reopened = try SavedRun.open(dir, maxLength: nil)
        reopened.close()
    }

    /// With computation steps the tape holds them between the input and the answer blanks, and
    /// `meanByPart` gives them their own mean.
    @Test func computationStepsArePartOfTheTape() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let config = try LabTestSupport.config(
            task: "reverse_string", model: "stack_rnn", steps: 10, trainLength: 4, evalMaxLength: 5,
            settings: [
                "hidden_size": "8", "stack_size": "6", "stack_cell_size": "2", "computation_steps_mult": "1",
            ])
        _ = try LabTestSupport.run(config, in: dir)
        let run = try SavedRun.open(dir, maxLength: nil)
        defer { run.close() }
        let inspection = try MachineInspector(run: run).inspect(.sampled(count: 2, length: 3, seed: 1))
        for s in inspection.samples {
            #expect(s.tape == s.input + ["·", "·", "·", "?", "?", "?"])
            #expect(s.answerStart == 6 && s.prediction.count == 3)
            let actions = try #require(s.series.first { $0.name == TraceName.stackActions })
            #expect(actions.values.count == 8)
        }
        let parts = inspection.meanByPart(of: TraceName.stackActions)
        #expect(parts.count == 3)
        for part in parts { #expect(part.input != nil && part.computation != nil && part.answer != nil, "\(part)") }
        #expect(abs(parts.map { $0.computation! }.reduce(0, +) - 1) < 1e-4)
    }

    /// A recurrent machine on a regular task: the hidden states are projected, and each input step
    /// carries the task automaton's true state.
    @Test func inspectsARecurrentRunWithTrueStates() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let config = try LabTestSupport.config(
            task: "parity_check", model: "rnn", hidden: 4, steps: 10, trainLength: 4, evalMaxLength: 5)
        _ = try LabTestSupport.run(config, in: dir)
        let run = try SavedRun.open(dir, maxLength: nil)
        defer { run.close() }
        let inspection = try MachineInspector(run: run).inspect(.typed([0, 1, 1, 1]))
        #expect(inspection.trueStateNames == ["q0", "q1"])
        let sample = try #require(inspection.samples.first)
        #expect(sample.tape == ["0", "1", "1", "1", "?"])
        #expect(sample.target == ["1"])
        #expect(sample.trueStates == [0, 1, 0, 1, nil])
        let hidden = try #require(sample.series.first { $0.name == TraceName.hidden })
        #expect(hidden.kind == .state && hidden.values.count == 5 && hidden.values.allSatisfy { $0.count == 4 })
        let projection = try #require(inspection.projection)
        #expect(projection.points == [[[Double]]](repeating: projection.points[0], count: 1))
        #expect(projection.points[0].count == 5 && projection.explained.count == 2)
    }
}
