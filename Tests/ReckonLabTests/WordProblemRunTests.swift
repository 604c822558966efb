import Foundation
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor
import ReckonTestSupport
import Testing

@testable import ReckonLab

/// word_problem is read at each input position (`AlgorithmicTask.outputsAtEachInput`): training
/// and evaluation give the machine the input alone and score its logits there, machines that
/// answer after the input are refused, and a small LSTM learns a small group.
@Suite struct WordProblemRunTests {
    static func config(
        group: String = "S3", model: String = "lstm", steps: Int = 400, settings: [String: String]? = nil
    ) throws -> RunConfig {
        var c = try LabTestSupport.config(
            task: "word_problem", model: model, hidden: 64, steps: steps, trainLength: 8, evalMaxLength: 12,
            settings: settings, taskSettings: ["group": group])
        c.batchSize = 32
        c.learningRate = 1e-2
        c.evalSamples = 64
        c.evalBatchSize = 64
        c.checkpointEvery = steps
        return c
    }

    /// The default readout with `outputsAtEachInput` feeds the input alone and keeps every position.
    @Test func logitsAtEachInputComeFromTheInputAlone() throws {
        let spec = try MachineCatalog.spec(named: "lstm")
        var rng = RandomGenerator(seed: 1)
        let machine = spec.make(
            inputSize: 6, outputSize: 6, settings: try spec.resolve(["hidden_size": "8"]), rng: &rng)
        let x = oneHot([1, 2, 3, 4, 5, 0, 0, 1], idShape: [2, 4], depth: 6)
        var perPosition = ForwardContext(training: false, rng: RandomGenerator(seed: 0), outputsAtEachInput: true)
        var blanks = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
        let tagged = machine.logits(input: x, outputLength: 4, targets: nil, context: &perPosition)
        let afterInput = machine.logits(input: x, outputLength: 4, targets: nil, context: &blanks)
        var plain = ForwardContext.evaluation
        let direct = machine.forward(
            Readout.inputTape(x, computationStepsMultiplier: 0), inputLength: 4, context: &plain)
        #expect(tagged.shape == [2, 4, 6] && tagged.scalars == direct.scalars)
        #expect(tagged.scalars != afterInput.scalars)
    }

    /// The first training step's loss and an evaluation's accuracy are those of the logits at the input positions.
    @Test func trainingAndEvaluationReadAtEachInput() throws {
        let c = try Self.config(steps: 5)
        let session = try TrainingSession(config: c)
        let task = session.task
        #expect(task.outputsAtEachInput)
        // Step 0 by hand, both ways, before the session takes it.
        let length = session.length(forStep: 0)
        var batchRNG = StepStreams.generator(seed: c.seed, .batch, 0)
        let batch = session.head.encode(
            task.sample(batchSize: c.batchSize, length: length, rng: &batchRNG), length: length)
        func loss(atEachInput: Bool) -> Float {
            var context = ForwardContext(
                training: true, rng: StepStreams.generator(seed: c.seed, .forward, 0), outputsAtEachInput: atEachInput)
            let logits = session.machine.logits(
                input: batch.input, outputLength: batch.outputLength, targets: nil, context: &context)
            return session.head.loss(logits: logits, batch: batch).item
        }
        let (tagged, afterInput) = (loss(atEachInput: true), loss(atEachInput: false))
        #expect(tagged != afterInput)
        #expect(Float(session.trainStep().loss) == tagged)

        // One evaluation sub-batch by hand.
        let evaluator = RangeEvaluator(maxLength: 6, samples: 16, batchSize: 16, seed: 4)
        let result = try #require(evaluator.evaluate(session.machine, on: task, head: session.head, length: 6))
        var evalRNG = StepStreams.generator(seed: 4, .evaluation, 6)
        let evalBatch = session.head.encode(task.sample(batchSize: 16, length: 6, rng: &evalRNG), length: 6)
        var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0), outputsAtEachInput: true)
        let logits = session.machine.logits(input: evalBatch.input, outputLength: 6, targets: nil, context: &context)
        #expect(result.accuracy == session.head.score(logits: logits, batch: evalBatch).accuracy)
    }

    /// Merrill et al.'s claim at test size: a one-layer LSTM learns S3's word problem and keeps
    /// it at lengths it did not see.
    @Test func lstmLearnsS3WordProblem() throws {
        let c = try Self.config(group: "S3", steps: 400)
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let outcome = try LabTestSupport.run(c, in: dir)
        let worst = try #require(outcome.evaluation.min { $0.accuracy < $1.accuracy })
        #expect(worst.accuracy >= 0.95, "length \(worst.length): \(worst.accuracy)")
        #expect(outcome.evaluation.count == 12)
        #expect(outcome.evaluation.allSatisfy { $0.exactMatch != nil })
    }

    /// `reckon eval RUN --data FILE` scores a file's rows as a sampled length is scored: a file
    /// holding exactly the sequences the evaluation drew at length 11 (the same streams, sub-batches
    /// of 16) gives that length's accuracy and exact match; a file of another group is refused.
    @Test func aWordProblemFileIsScoredAsTheSameSampledLength() throws {
        var c = try Self.config(group: "S3", steps: 60)
        c.evalBatchSize = 16
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let outcome = try LabTestSupport.run(c, in: dir)
        let sampled = try #require(outcome.evaluation.first { $0.length == 11 })
        let task = WordProblem(group: try #require(GroupName(parsing: "S3")))
        var rng = StepStreams.generator(seed: c.seed, .evaluation, 11)
        var text = WordProblemCSV.header + "\n"
        for _ in 0..<(c.evalSamples / c.evalBatchSize) {
            let batch = task.sample(batchSize: c.evalBatchSize, length: 11, rng: &rng)
            _ = rng.split()
            text += WordProblemCSV(batch, seed: 7).text.dropFirst(WordProblemCSV.header.count + 1)
        }
        let file = dir.deletingLastPathComponent().appendingPathComponent("S3=11.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let scored = try DataFileScore.score(runAt: dir, data: file.path)
        #expect(scored.result.accuracy == sampled.accuracy && scored.result.exactMatch == sampled.exactMatch)
        #expect(scored.result.samples == c.evalSamples && scored.group == "S3" && scored.length == 11)
        let other = dir.deletingLastPathComponent().appendingPathComponent("A5=11.csv")
        try text.write(to: other, atomically: true, encoding: .utf8)
        #expect(throws: LabError.self) { try DataFileScore.score(runAt: dir, data: other.path) }
    }

    /// Machines that answer after the input, and computation tokens, are refused with one line.
    @Test func machinesThatDecodeAfterTheInputAreRefused() throws {
        for model in ["transformer", "seq2seq_lstm"] {
            let c = try Self.config(model: model, settings: [:])
            let error = #expect(throws: LabError.self, "\(model)") { try c.validate() }
            let message = error?.description ?? ""
            #expect(message.hasPrefix("model '\(model)' decodes its answer after the input") && !message.contains("\n"))
        }
        var c = try Self.config()
        c.machineSettings = try MachineCatalog.spec(named: "lstm").resolve(["computation_steps_mult": "1"])
        let error = #expect(throws: LabError.self) { try c.validate() }
        #expect(error?.description.contains("set it to 0") == true)
    }

    /// A refused combination writes nothing: no run folder appears.
    @Test func refusedRunWritesNothing() throws {
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try ReckonBinary.run([
            "train", "--task", "word_problem", "--model", "transformer", "--steps", "2", "--out", dir.path, "--quiet",
        ])
        #expect(r.status == 2 && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("decodes its answer after the input"))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}
