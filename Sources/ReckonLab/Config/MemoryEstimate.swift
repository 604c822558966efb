import Foundation
import ReckonMachines
import ReckonTasks

/// The bytes a run needs at its peak, known before anything is allocated: one training step at
/// the longest training length and one evaluation sub-batch at the longest evaluated length,
/// from the machine's `MachineFootprint`. `RunValidation` refuses a run whose estimate exceeds
/// the computer's memory ("would need 37 GiB; this machine has 24 GiB").
public struct MemoryEstimate: Sendable {
    /// Bytes of one training step (0 when only evaluating).
    public let training: Double
    /// Bytes of one evaluation sub-batch.
    public let evaluation: Double
    let config: RunConfig
    let use: RunValidation.Use
    /// Sequences of the training step and of the evaluation sub-batch estimated (a table's are its entries).
    let trainingBatch: Int
    let evaluationBatch: Int
    /// Whether the task is a table (its inputs are x y =, its evaluation every entry).
    let isTable: Bool

    /// The estimate for `config` used for `use`.
    public init(_ config: RunConfig, use: RunValidation.Use = .training) throws {
        let spec = try MachineCatalog.spec(named: config.model)
        try self.init(
            config, use: use, task: try config.resolvedTask(), spec: spec,
            settings: spec.completing(config.machineSettings))
    }

    init(
        _ c: RunConfig, use: RunValidation.Use, task: any AlgorithmicTask, spec: MachineSpec,
        settings hp: StoredSettings
    ) throws {
        config = c
        self.use = use
        // Token ids (8 bytes) and masks (4 bytes) of the sampled batch, beside the float tensors.
        func taskBytes(_ s: FootprintShape, batch: Double) -> Double {
            batch * 12 * Double(s.inputLength + s.outputLength)
        }
        var training = 0.0
        let table = (task as? any FiniteTableTask)?.split.train.count
        isTable = table != nil
        // A table trains on its training entries: a batch larger than the split is the split.
        trainingBatch = table.map { Swift.min($0, c.batchSize) } ?? c.batchSize
        // A table is measured in pieces of `HeldOutEvaluator.chunk` entries (one sub-batch, as for the others).
        evaluationBatch = isTable ? HeldOutEvaluator.chunk : Swift.min(c.evalBatchSize, c.evalSamples)
        if use == .training {
            let s = RunValidation.shape(task, length: c.trainLength)
            let f = try spec.footprint(hp, s)
            // Parameters, their gradients and Adam's two moments.
            let batch = Double(trainingBatch)
            training = 4 * (4 * f.parameters + batch * f.trainingFloatsPerSequence) + taskBytes(s, batch: batch)
        }
        let s = RunValidation.shape(task, length: use.evaluationLength(c))
        let f = try spec.footprint(hp, s)
        let batch = Double(evaluationBatch)
        self.training = training
        evaluation = 4 * (f.parameters + batch * f.inferenceFloatsPerSequence) + taskBytes(s, batch: batch)
    }

    /// The larger of the two.
    public var peak: Double { Swift.max(training, evaluation) }

    /// Throws a one-line `LabError` when the peak exceeds `available` bytes.
    public func check(available: Double = Double(MemoryEstimate.availableMemory)) throws {
        guard !(peak <= available) else { return }
        let c = config
        let what: String
        let input = isTable ? "inputs x y =" : nil
        if training >= evaluation {
            what = "training model '\(c.model)' at batch \(trainingBatch), \(input ?? "length \(c.trainLength)")"
        } else {
            what =
                "evaluating model '\(c.model)' at batch \(evaluationBatch), "
                + (input ?? "length \(use.evaluationLength(c))")
        }
        throw LabError.invalidOption(
            "\(what) would need \(Self.gibibytes(peak)); this machine has \(Self.gibibytes(available)); "
                + "lower the batch size, the lengths or the model's sizes")
    }

    /// "37 GiB", "1.5 GiB", "3.2e+09 GiB".
    static func gibibytes(_ bytes: Double) -> String {
        let g = bytes / 1_073_741_824
        guard g.isFinite else { return "more memory than any computer has" }
        if g >= 1e6 { return String(format: "%.2g GiB", g) }
        return g >= 10 ? String(format: "%.0f GiB", g) : String(format: "%.1f GiB", g)
    }

    /// The memory this process may use: physical memory, or a smaller cgroup limit (containers).
    public static let availableMemory: UInt64 = {
        var bytes = ProcessInfo.processInfo.physicalMemory
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let limit = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0
            {
                bytes = Swift.min(bytes, limit)
            }
        }
        return bytes
    }()
}
