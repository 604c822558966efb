import Foundation
import ReckonLab
import ReckonRASP
import ReckonTasks
import ReckonTestSupport
import Testing

/// A compiled RASP model scored by the same evaluator as trained machines.
@Suite struct CompiledMachineTests {
    static func reverse(maxLength: Int) throws -> CompiledModel {
        let lib = try ProgramLibrary.program(named: "reverse")
        return try Compiler.compile(
            lib.program, vocabulary: [Value(token: "0"), Value(token: "1")],
            maxLength: maxLength)
    }

    /// The check: compiled `reverse` on `reverse_string` scores 1.0 at every length it allows.
    @Test func compiledReverseSolvesReverseStringAtEveryLength() throws {
        let task = try TaskCatalog.task(named: "reverse_string")
        let machine = try CompiledMachine(try Self.reverse(maxLength: 24), task: task)
        #expect(machine.parameterCount == 0)
        let results = try #require(
            RangeEvaluator(maxLength: 24, samples: 64, batchSize: 32, seed: 3)
                .evaluate(machine, on: task, head: TokenHead(task)))
        #expect(results.map(\.length) == Array(1...24))
        #expect(results.allSatisfy { $0.accuracy == 1 }, "\(results.filter { $0.accuracy < 1 })")
    }

    /// The wrong program for the task is measured, not excused: reverse read as parity is a coin flip.
    @Test func theWrongProgramScoresLikeAGuess() throws {
        let task = try TaskCatalog.task(named: "parity_check")
        let machine = try CompiledMachine(try Self.reverse(maxLength: 12), task: task)
        let results = try #require(
            RangeEvaluator(maxLength: 12, samples: 256, batchSize: 64, seed: 1)
                .evaluate(machine, on: task, head: TokenHead(task)))
        let mean = RangeEvaluator.meanAccuracy(results, in: 2...12)
        #expect(mean > 0.35 && mean < 0.65, "\(mean)")
    }

    @Test func theCommandLineWritesTheResultsAndRefusesWhatCannotRun() throws {
        let dir = try TemporaryDirectory("compiled-eval")
        defer { dir.remove() }
        let model = dir.url.appendingPathComponent("reverse").path
        let compile = try ReckonBinary.run([
            "rasp", "compile", "lib:reverse", "--vocab", "0,1", "--max-length", "10",
            "--out", model,
        ])
        try #require(compile.status == 0, "\(compile.stderr)")
        let run = try ReckonBinary.run(["eval", model, "--task", "reverse_string", "--samples", "32", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("mean accuracy 1.0000 over lengths 1-10"), "\(run.stdout)")
        let csv = try String(contentsOfFile: model + "/eval-reverse_string.csv", encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == 10 && rows.allSatisfy { $0.split(separator: ",")[1] == "1.000000" })
        for (arguments, fragment) in [
            (["eval", model], "name the task"),
            (["eval", model, "--task", "modular_arithmetic"], "not in the compiled model's vocabulary"),
            (["eval", model, "--task", "duplicate_string"], "at most"),
            (["eval", model, "--task", "reverse_string", "--max-length", "11"], "maximum length 10"),
            (["eval", model, "--task", "reverse_strin"], "did you mean 'reverse_string'"),
        ] {
            let r = try ReckonBinary.run(arguments)
            #expect(
                r.status == 2 && r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(fragment),
                "\(arguments): \(r.stderr)")
        }
    }
}
