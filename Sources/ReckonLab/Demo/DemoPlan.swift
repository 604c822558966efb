import Foundation
import ReckonMachines

/// The main job: two machines, one with external memory and one without, trained on the
/// same short inputs and evaluated far beyond them, sized for a few minutes on 2 cores.
public struct DemoPlan: Sendable {
    public var task: String
    public var machines: [(model: String, settings: [String: String])]
    public var steps: Int
    public var batchSize: Int
    public var learningRate: Double
    public var trainLength: Int
    public var evalMaxLength: Int
    public var evalSamples: Int
    public var seed: UInt64

    /// The default demo. Reversal is the cleanest context-free gap: a stack machine can
    /// learn the algorithm, an LSTM can only memorize up to its capacity. The stack is 512
    /// deep (the reference's 30 could not hold the inputs evaluated here), both machines have
    /// 64 hidden units, and 1000 steps at batch 32 are enough for stack_rnn to fit lengths
    /// 1-40, which keeps the whole demo at about three minutes on 2 cores.
    public static let standard = DemoPlan(
        task: "reverse_string",
        machines: [("stack_rnn", ["hidden_size": "64", "stack_size": "512"]), ("lstm", ["hidden_size": "64"])],
        steps: 1000, batchSize: 32, learningRate: 1e-3, trainLength: 40, evalMaxLength: 500, evalSamples: 8, seed: 0)

    /// The run configs, one per machine.
    public func configs() throws -> [RunConfig] {
        try machines.map { m in
            let spec = try MachineCatalog.spec(named: m.model)
            var c = RunConfig(task: task, model: m.model, machineSettings: try spec.resolve(m.settings))
            c.curriculum = Curriculum(kind: .uniform, maxLength: trainLength)
            c.steps = steps
            c.batchSize = batchSize
            c.learningRate = learningRate
            c.evalMaxLength = evalMaxLength
            c.evalSamples = evalSamples
            c.evalBatchSize = evalSamples
            c.seed = seed
            c.checkpointEvery = steps
            c.logEvery = Swift.max(1, steps / 10)
            try c.validate()
            return c
        }
    }

    /// Trains and evaluates every machine under `root`, returning the outcomes in order.
    public func run(root: URL, progress: Progress) throws -> [RunOutcome] {
        let stamp = RunFolder.defaultURL(task: task, model: "demo", seed: seed).lastPathComponent
        return try configs().map { c in
            let url = root.appendingPathComponent(stamp).appendingPathComponent(c.model)
            return try Trainer.start(config: c, out: url, progress: progress).run()
        }
    }

    /// The comparison table the demo prints.
    public func table(_ outcomes: [RunOutcome]) -> String {
        let bands = SummaryTable.bands(trainLength: trainLength, maxLength: evalMaxLength)
        var header = "machine".padding(toLength: 12, withPad: " ", startingAt: 0)
        for b in bands { header += "\(b.lowerBound)-\(b.upperBound)".padding(toLength: 9, withPad: " ", startingAt: 0) }
        header += "score    train    eval"
        var lines = [header]
        for o in outcomes {
            guard let s = o.summary else { continue }
            var line = s.model.padding(toLength: 12, withPad: " ", startingAt: 0)
            for b in bands { line += String(format: "%-9.3f", RangeEvaluator.meanAccuracy(o.evaluation, in: b)) }
            let score =
                s.score.map { String(format: "%-9.3f", $0) }
                ?? s.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            line +=
                score + Progress.duration(s.trainSeconds).padding(toLength: 9, withPad: " ", startingAt: 0)
                + Progress.duration(s.evalSeconds ?? 0)
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
