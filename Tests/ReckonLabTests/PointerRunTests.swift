import Foundation
import ReckonLab
import ReckonMachines
import ReckonSupport
import ReckonTasks
import ReckonTensor
import Testing

/// Pointer tasks in the Lab (`PointerHead`): encoding, masked loss, whole-answer accuracy, task
/// metrics, and a run end to end into eval.csv and summary.json.
@Suite struct PointerRunTests {
    @Test func encodingUsesValuesAndOneClassPerInputPosition() throws {
        let hull = try TaskCatalog.task(named: "convex_hull")
        let head = OutputHeads.head(for: hull)
        #expect(head is PointerHead)
        var rng = RandomGenerator(seed: 1)
        let batch = hull.sample(batchSize: 3, length: 6, rng: &rng)
        let encoded = head.encode(batch, length: 6)
        #expect(encoded.input.shape == [3, 7, 3])
        #expect(encoded.outputSize == 7 && encoded.outputLength == 7)
        #expect(encoded.targetTensor.shape == [3, 7, 7])
        #expect(TaskBridge.outputWidth(hull, trainLength: 20) == 21)
        #expect(TaskBridge.outputWidth(try TaskCatalog.task(named: "parity_check"), trainLength: 20) == 2)
    }

    /// Logits equal to the one-hot targets get every answer right; one wrong masked position
    /// loses that answer, a wrong position past the hull's end marker loses nothing.
    @Test func accuracyCountsWholeAnswersAndIgnoresThePadding() throws {
        let hull = try #require(try TaskCatalog.task(named: "convex_hull") as? any PointerTask)
        let head = PointerHead(hull)
        var rng = RandomGenerator(seed: 2)
        let encoded = head.encode(hull.sample(batchSize: 4, length: 8, rng: &rng), length: 8)
        let labels = encoded.target.ids
        var logits = encoded.targetTensor.scalars
        #expect(head.score(logits: Tensor(logits, shape: [4, 9, 9]), batch: encoded).accuracy == 1)
        #expect(head.prediction(logits: Tensor(logits, shape: [4, 9, 9]), batch: encoded) == encoded.target)
        let metrics = head.metrics(logits: Tensor(logits, shape: [4, 9, 9]), batch: encoded).taskMetrics
        #expect(metrics.count == 2 && metrics[0].sum == 4 && metrics[0].count == 4 && metrics[1].sum == 0)
        // Example 0, step 0 now points at another position (the answer's first step is always masked).
        let right = labels[0]
        logits[right] = 0
        logits[(right + 1) % 9] = 1
        // Example 1: change the last step, past the marker (the hull of 8 points has at most 8 vertices).
        let last = (1 * 9 + 8) * 9
        #expect(encoded.mask[1 * 9 + 8] == 0)
        logits[last + labels[1 * 9 + 8]] = 0
        logits[last + (labels[1 * 9 + 8] + 3) % 9] = 1
        let s = head.score(logits: Tensor(logits, shape: [4, 9, 9]), batch: encoded)
        #expect(s.correct == 3 && s.counted == 4)
    }

    /// The loss counts the answer's positions only: changing logits past the mask changes nothing.
    @Test func lossIsMaskedToTheAnswer() throws {
        let hull = try TaskCatalog.task(named: "convex_hull")
        let head = OutputHeads.head(for: hull)
        var rng = RandomGenerator(seed: 3)
        let encoded = head.encode(hull.sample(batchSize: 2, length: 10, rng: &rng), length: 10)
        var noise = RandomGenerator(seed: 4)
        let base = Tensor.normal([2, 11, 11], rng: &noise)
        var changed = base.scalars
        for r in 0..<22 where encoded.mask[r] == 0 { for k in 0..<11 { changed[r * 11 + k] += 5 } }
        let a = head.loss(logits: base, batch: encoded).item
        let b = head.loss(logits: Tensor(changed, shape: [2, 11, 11]), batch: encoded).item
        #expect(a == b && a > 0)
    }

    /// A fixed-vocabulary machine narrower than the input never wins a column it does not have.
    @Test func narrowLogitsArePaddedAndWideOnesCut() {
        let narrow = PointerHead.logits(Tensor([1, 2], shape: [1, 1, 2]), classes: 4)
        #expect(narrow.shape == [1, 1, 4] && narrow.scalars[2] < -1e8)
        #expect(PointerHead.logits(Tensor([1, 2, 3], shape: [1, 1, 3]), classes: 2).scalars == [1, 2])
    }

    @Test func pointerNetIsRefusedOnTokenTasks() throws {
        var c = try LabTestSupport.config(task: "parity_check", model: "pointer_net")
        c.machineSettings = try MachineCatalog.spec(named: "pointer_net").resolve(["hidden_size": "8"])
        let error = #expect(throws: LabError.self) { try c.validate() }
        #expect(error?.description.contains("answers with input positions") == true)
    }

    @Test(arguments: ["sort", "convex_hull", "tsp"])
    func pointerRunWritesTaskMetrics(_ task: String) throws {
        var c = try LabTestSupport.config(
            task: task, model: "pointer_net", hidden: 8, steps: 20,
            trainLength: 5, evalMaxLength: 7)
        c.evalSamples = 8
        let dir = LabTestSupport.temporaryDirectory("\(task)")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let outcome = try LabTestSupport.run(c, in: dir)
        let summary = try #require(outcome.summary)
        let folder = outcome.folder
        let names = (try TaskCatalog.task(named: task) as! any PointerTask).metricNames
        #expect(Set(summary.taskMetrics?.keys.map { $0 } ?? []) == Set(names))
        let csv = try String(contentsOf: folder.evalURL, encoding: .utf8)
        #expect(csv.hasPrefix("length,accuracy,samples" + names.sorted().map { "," + $0 }.joined() + "\n"))
        let read = try folder.readEvaluation()
        #expect(read.count == outcome.evaluation.count)
        #expect(read.first?.length == (task == "sort" ? 1 : 3))
        for (a, b) in zip(read, outcome.evaluation) {
            #expect(a.length == b.length && abs(a.accuracy - b.accuracy) < 1e-6)
            for name in names {
                let x = a.taskMetrics?[name] ?? -1
                let y = b.taskMetrics?[name] ?? -2
                #expect((x.isNaN && y.isNaN) || abs(x - y) < 1e-6, "\(name)")
            }
        }
        let json = try String(contentsOf: folder.summaryURL, encoding: .utf8)
        #expect(names.allSatisfy { json.contains("\"\($0)\"") })
    }

    /// `reckon eval --beam-width` on a greedy run writes its own files and leaves eval.csv alone.
    @Test func anotherBeamWidthGoesToItsOwnFiles() throws {
        var c = try LabTestSupport.config(
            task: "sort", model: "pointer_net", hidden: 8, steps: 10,
            trainLength: 4, evalMaxLength: 5)
        c.evalSamples = 4
        let dir = LabTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let first = try LabTestSupport.run(c, in: dir)
        let before = LabTestSupport.bytes(first.folder.evalURL)
        let beam = try SavedRun.open(dir, maxLength: nil, beamWidth: 3)
            .evaluate(progress: Progress(style: .quiet), handleSignals: false)
        let files = first.folder.evaluationFiles(maxLength: 5, beamWidth: 3)
        #expect(files.eval.lastPathComponent == "eval-5-beam3.csv")
        #expect(FileManager.default.fileExists(atPath: files.eval.path))
        #expect(LabTestSupport.bytes(first.folder.evalURL) == before)
        #expect(beam.summary?.protocolName.contains("beam search width 3") == true)
        #expect((try first.folder.readConfig()).beamWidth == 1, "config.json keeps the run's own decoding")
    }

    /// --min-train-length: uniform draws stay in min...max; a config without it decodes as 1 and
    /// encodes without the key (sweep run ids hash configs); out of range or on another
    /// curriculum it is a one-line error.
    @Test func minimumTrainingLength() throws {
        var curriculum = Curriculum(kind: .uniform, maxLength: 20)
        curriculum.minLength = 5
        var rng = RandomGenerator(seed: 1)
        let lengths = (0..<2000).map { curriculum.length(step: $0, rng: &rng) }
        #expect(lengths.min() == 5 && lengths.max() == 20)
        let plain = try JSONEncoder().encode(Curriculum(kind: .uniform, maxLength: 20))
        #expect(!String(decoding: plain, as: UTF8.self).contains("minLength"))
        #expect(try JSONDecoder().decode(Curriculum.self, from: plain).minLength == 1)
        let set = try JSONEncoder().encode(curriculum)
        #expect(try JSONDecoder().decode(Curriculum.self, from: set) == curriculum)
        var c = try LabTestSupport.config(task: "convex_hull", model: "pointer_net", trainLength: 6, evalMaxLength: 8)
        c.curriculum.minLength = 7
        #expect(
            (#expect(throws: SettingError.self) { try c.validate() })?.description.contains("min_train_length") == true)
        c.curriculum.minLength = 5
        c.curriculum.kind = .fixed
        #expect((#expect(throws: SettingError.self) { try c.validate() })?.description.contains("uniform") == true)
        c.curriculum.kind = .uniform
        try c.validate()
        #expect(ProtocolName.describe(c, task: try c.resolvedTask()).contains("lengths 5-6 uniform"))
    }
}
