import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor
import ReckonTestSupport
import Testing

@testable import ReckonLab

/// Next-symbol prediction runs (`PredictionHead`): the shifted input, the masked log-loss, one pass
/// that scores every prefix length, the regret against the source's optimal predictor in eval.csv
/// and summary.json, and the refusal of machines that would read the symbol they predict.
@Suite struct PredictionRunTests {
    static func config(
        task: String = "markov_source", model: String = "ctw", settings: [String: String] = ["depth": "3"],
        taskSettings: [String: String]? = ["max_depth": "3"], steps: Int = 1
    ) throws -> RunConfig {
        var c = try LabTestSupport.config(
            task: task, model: model, steps: steps, trainLength: 32, evalMaxLength: 64, settings: settings,
            taskSettings: taskSettings)
        c.curriculum = Curriculum(kind: .fixed, maxLength: 32)
        c.checkpointEvery = steps
        return c
    }

    @Test func theHeadShiftsTheSequenceBehindTheStartSymbol() throws {
        let task = try TaskCatalog.task(named: "markov_source")
        let head = OutputHeads.head(for: task)
        let batch = Batch(
            batchSize: 1, inputLength: 3, outputLength: 3, input: .tokens([1, 0, 1]), target: .tokens([1, 0, 1]))
        let encoded = head.encode(batch, length: 3)
        // Channels 0, 1 are the symbols, 2 the start symbol.
        #expect(encoded.input.scalars == [0, 0, 1, 0, 1, 0, 1, 0, 0])
        #expect(encoded.target.ids == [1, 0, 1])
    }

    /// Masked positions (a BrainPhoque program that stopped printing) count in neither the loss nor the bits.
    @Test func maskedPositionsAreNotScored() throws {
        let head = PredictionHead(try #require(try TaskCatalog.task(named: "brainphoque") as? any SequencePrediction))
        let batch = Batch(
            batchSize: 1, inputLength: 2, outputLength: 2, input: .tokens([3, 0]), target: .tokens([3, 0]),
            mask: [1, 0])
        let encoded = head.encode(batch, length: 2)
        var logits = [Float](repeating: 0, count: 18)
        logits[3] = 2
        logits[9 + 5] = 50  // the masked position is wrong and confident: it must not matter
        let t = Tensor(logits, shape: [1, 2, 9])
        let expected = -(2 - log(exp(2.0) + 8)) / 2  // one position's loss, divided by B·T = 2
        #expect(abs(Double(head.loss(logits: t, batch: encoded).item) - expected) < 1e-5)
        let results = try #require(head.prefixResults(samples: 1, metrics: [head.metrics(logits: t, batch: encoded)]))
        #expect(results.count == 2 && results[1].accuracy == 1)
        let bits = try #require(results[1].taskMetrics?[PredictionMetric.bitsPerSymbol])
        #expect(abs(bits - (log(exp(2.0) + 8) - 2) / M_LN2) < 1e-5)
        #expect(results[1].taskMetrics?[PredictionMetric.scoredPositions] == 1)
    }

    /// `ctw` on its own source's data is the optimal predictor: regret 0 at every length, and the
    /// summary's prediction block says so.
    @Test func ctwHasNoRegretOnItsOwnSource() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let outcome = try LabTestSupport.run(try Self.config(), in: dir)
        #expect(outcome.evaluation.map(\.length) == Array(1...64))
        for r in outcome.evaluation {
            let regret = try #require(r.taskMetrics?[PredictionMetric.regretPerSymbol])
            #expect(abs(regret) < 1e-5, "length \(r.length)")
        }
        let p = try #require(outcome.summary?.prediction)
        #expect(abs(p.regretPerSymbol!) < 1e-5 && abs(p.trainLengthRegretPerSymbol!) < 1e-5)
        #expect(p.bitsPerSymbol! < 1 && p.uniformBitsPerSymbol == 1)
        let csv = try String(contentsOf: dir.appendingPathComponent("eval.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("length,accuracy,samples,bits_per_symbol,cumulative_regret,optimal_bits_per_symbol,"))
        let summary = try String(contentsOf: dir.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(summary.contains("\"regret_per_symbol\""))
    }

    /// The row of length n is what evaluating length n on its own gives: the prefix property.
    @Test func onePassEqualsEvaluatingEachLength() throws {
        let task = try TaskCatalog.task(named: "markov_source", settings: ["max_depth": "2"])
        let head = OutputHeads.head(for: task)
        let spec = try MachineCatalog.spec(named: "lstm")
        var rng = RandomGenerator(seed: 4)
        let machine = spec.make(
            inputSize: head.inputSize, outputSize: 2, settings: try spec.resolve(["hidden_size": "8"]), rng: &rng)
        // One sub-batch, so the sequences below are the evaluation's own (each sub-batch's forward
        // stream is split from the length's stream after its batch is drawn).
        let evaluator = RangeEvaluator(maxLength: 40, samples: 16, batchSize: 16, seed: 3)
        let all = try #require(evaluator.evaluate(machine, on: task, head: head))
        // The streams differ by length, so compare the one-pass row with a pass at its length on the
        // same sequences: the sequences of length 40, cut.
        var draw = StepStreams.generator(seed: 3, .evaluation, 40)
        let long = task.sample(batchSize: 16, length: 40, rng: &draw)
        let ids = (0..<16).flatMap { Array(long.inputRow($0).prefix(17)) }
        let cut = Batch(batchSize: 16, inputLength: 17, outputLength: 17, input: .tokens(ids), target: .tokens(ids))
        let one = evaluator.evaluate(machine, on: task, head: head, batches: [cut], length: 17)
        #expect(abs(one.accuracy - all[16].accuracy) < 1e-12)
        let a = try #require(one.taskMetrics?[PredictionMetric.bitsPerSymbol])
        let b = try #require(all[16].taskMetrics?[PredictionMetric.bitsPerSymbol])
        #expect(abs(a - b) < 1e-6)
    }

    /// A machine that sees later positions would read the symbol it predicts; a causal one runs.
    @Test func machinesThatReadAheadAreRefused() throws {
        for (model, settings) in [
            ("transformer_encoder", ["num_layers": "1"]), ("transformer", ["num_layers": "1"]),
            // Causal, but its sin/cos positions count from the end: a prefix would not score as its own length.
            ("transformer_lm", ["num_layers": "1"]),
            ("transformer_encoder", ["num_layers": "1", "causal_masking": "true"]),
            // Its jumps move by the input's length.
            ("tape_rnn", ["hidden_size": "4"]),
        ] {
            let c = try Self.config(model: model, settings: settings, taskSettings: nil)
            let error = #expect(throws: LabError.self, "\(model)") { try c.validate() }
            #expect(
                error?.description.contains("model '\(model)'") == true && error?.description.contains("\n") == false)
        }
        for (model, settings) in [
            ("transformer_encoder", ["num_layers": "1", "causal_masking": "true", "positional_encodings": "rotary"]),
            ("transformer_lm", ["num_layers": "1", "positional_encodings": "sin_cos_forward"]),
            ("transformer_lm", ["num_layers": "1", "positional_encodings": "alibi"]),
            ("lstm", ["hidden_size": "4"]), ("mamba", ["d_model": "8", "num_layers": "1"]), ("stack_rnn", [:]),
        ] {
            try Self.config(model: model, settings: settings, taskSettings: nil).validate()
        }
        let ctwElsewhere = try LabTestSupport.config(task: "parity_check", model: "ctw", settings: [:])
        let error = #expect(throws: LabError.self) { try ctwElsewhere.validate() }
        #expect(error?.description.contains("prediction tasks") == true)
    }

    /// A run scored on another source of the same vocabulary (the transfer): its own files stay, the
    /// transfer's go beside them; a source of another vocabulary is refused with one line.
    @Test func aRunIsScoredOnAnotherSourceOfTheSameWidths() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let c = try Self.config(
            task: "brainphoque", model: "lstm", settings: ["hidden_size": "8"],
            taskSettings: ["alphabet_size": "4", "program_length": "0"], steps: 3)
        _ = try LabTestSupport.run(c, in: dir)
        let own = try Data(contentsOf: dir.appendingPathComponent("summary.json"))
        let outcome = try SavedRun.open(dir, maxLength: nil, transfer: ("markov_source", ["vocabulary": "4"]))
            .evaluate(progress: Progress(style: .quiet), handleSignals: false)
        #expect(outcome.summary?.task == "markov_source" && outcome.summary?.prediction?.regretPerSymbol != nil)
        #expect(
            FileManager.default.fileExists(
                atPath: dir.appendingPathComponent("eval-markov_source-vocabulary-4.csv").path))
        #expect(try Data(contentsOf: dir.appendingPathComponent("summary.json")) == own)
        let error = #expect(throws: LabError.self) {
            try SavedRun.open(dir, maxLength: nil, transfer: ("markov_source", [:]))
        }
        #expect(error?.description.contains("set the task's vocabulary") == true)
    }

    /// transformer_lm answers in place with one causal pass; a small one learns a source past chance.
    @Test func aSmallLSTMLearnsTheChomskySource() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        var c = try Self.config(
            task: "chomsky_source", model: "lstm", settings: ["hidden_size": "32"],
            taskSettings: ["max_input_length": "3"], steps: 300)
        c.learningRate = 1e-2
        c.batchSize = 16
        let outcome = try LabTestSupport.run(c, in: dir)
        let p = try #require(outcome.summary?.prediction)
        // Uniform over 4 symbols is 2 bits; the source's optimum here is about 0.7.
        #expect(p.trainLengthBitsPerSymbol! < 1.2, "\(p)")
        #expect(p.trainLengthRegretPerSymbol! >= -1e-6)
    }
}
