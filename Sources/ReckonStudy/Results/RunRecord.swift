import Foundation
import GRDB
import ReckonLab
import ReckonMachines

/// Everything the database holds about one run, read from its folder.
struct RunRecord {
    var run: PlannedRun
    var index: Int
    var state: RunState
    var error: String?
    var summary: RunSummary?
    var evaluation: [LengthResult]
    var metrics: [MetricsRecord]
    var fingerprint: String

    static func read(_ run: PlannedRun, index: Int, folder url: URL, fingerprint: String) -> RunRecord {
        let folder = RunFolder(url: url)
        var record = RunRecord(
            run: run, index: index, state: RunState.of(url), error: nil, summary: nil, evaluation: [], metrics: [],
            fingerprint: fingerprint)
        do {
            record.metrics = try RunFileCheck.metrics(folder)
            switch record.state {
            case .failed: record.error = (try? RunExecutor.readFailure(url))?.error ?? "diverged"
            case .finished:
                record.summary = try RunFileCheck.summary(folder)
                // A table run's one eval.csv row is at its input length (3), whatever eval_max_length says.
                let tableLength = record.summary?.heldOut == nil ? 0 : record.summary?.evalMaxLength ?? 0
                record.evaluation = try RunFileCheck.evaluation(
                    folder, maxLength: max(run.config.evalMaxLength, tableLength))
            case .pending, .interrupted, .corrupt: break
            }
        } catch {
            // Listed with its reason, and nothing of its files is kept: one run's bad file must not
            // stop the others from being indexed (issue 25 #7: one nan in eval.csv failed every
            // `results`, `status` and `sweep index` with SQLite's NOT NULL error).
            record.state = .corrupt
            record.error = "\(error)"
            record.summary = nil
            record.evaluation = []
            record.metrics = []
        }
        return record
    }

    /// Removes every row of run `id`.
    static func remove(_ id: String, from db: Database) throws {
        try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
        for table in ["settings", "eval", "metrics", "held_out"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [id])
        }
    }

    func replace(in db: Database) throws {
        let c = run.config
        try Self.remove(run.id, from: db)
        let s = summary
        let values: [any DatabaseValueConvertible] = [
            run.id, index, c.task, c.model, Int64(bitPattern: c.seed), c.learningRate, c.steps, c.batchSize,
            c.trainLength,
            c.evalMaxLength, c.evalSamples, c.curriculum.kind.rawValue, ProtocolName.label(c),
            state.rawValue,
        ]
        let optionals: [(any DatabaseValueConvertible)?] = [
            error, s?.score, s?.trainLengthAccuracy, s?.randomGuessAccuracy, s?.bitErrorsPerSequence, s?.trainSeconds,
            s?.evalSeconds, s?.stepsPerSecond, s?.blas?.kernel, s?.reckonVersion,
        ]
        // A summary written before `scaled_score` existed gets it from its score and task, as new runs write it.
        let scaled = s.flatMap { ScaledAccuracy.score(of: $0, config: c) }
        let held = s?.heldOut
        let table: [(any DatabaseValueConvertible)?] = [
            s?.evaluationAxis, held?.memorizationStep, held?.grokkingStep, held?.final.trainAccuracy,
            held?.final.testAccuracy, held?.final.trainLoss, held?.final.testLoss, held?.final.weightNorm,
        ]
        let p = s?.prediction
        let prediction: [(any DatabaseValueConvertible)?] = [
            p?.bitsPerSymbol, p?.regretPerSymbol, p?.trainLengthBitsPerSymbol, p?.trainLengthRegretPerSymbol,
        ]
        let names = (ResultsDatabase.heldOutColumns + ResultsDatabase.predictionColumns).map(\.name)
            .joined(separator: ", ")
        let arguments: [(any DatabaseValueConvertible)?] =
            values + optionals + [fingerprint, scaled] + table + prediction
        let marks = Array(repeating: "?", count: arguments.count).joined(separator: ", ")
        try db.execute(
            sql: """
                INSERT INTO runs (id, sweep_index, task, model, seed, learning_rate, steps, batch_size, train_length,
                    eval_max_length, eval_samples, curriculum, protocol, status, error, score, train_accuracy,
                    random_baseline, bit_errors, train_seconds, eval_seconds, steps_per_s, blas_kernel,
                    reckon_version, fingerprint, scaled_score, \(names))
                VALUES (\(marks))
                """, arguments: StatementArguments(arguments))
        var settings = c.machineSettings.values.mapValues(\.description)
        for (k, v) in run.assignment where settings[k] == nil { settings[k] = v }
        for (name, value) in settings {
            try db.execute(
                sql: "INSERT INTO settings (run_id, name, value) VALUES (?, ?, ?)", arguments: [run.id, name, value])
        }
        for r in evaluation {
            func finite(_ name: String) -> Double? { r.taskMetrics?[name].flatMap { $0.isFinite ? $0 : nil } }
            try db.execute(
                sql: "INSERT INTO eval (run_id, length, accuracy, samples, bit_errors, bits_per_symbol, "
                    + "cumulative_regret) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    run.id, r.length, r.accuracy, r.samples, r.bitErrorsPerSequence,
                    finite(PredictionMetric.bitsPerSymbol), finite(PredictionMetric.cumulativeRegret),
                ])
        }
        for m in metrics where m.loss.isFinite && m.accuracy.isFinite {
            try db.execute(
                sql: "INSERT OR REPLACE INTO metrics (run_id, step, loss, accuracy) VALUES (?, ?, ?, ?)",
                arguments: [run.id, m.step, m.loss, m.accuracy])
        }
        for m in metrics {
            guard let h = m.heldOut,
                [h.trainLoss, h.trainAccuracy, h.testLoss, h.testAccuracy, h.weightNorm].allSatisfy(\.isFinite)
            else { continue }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO held_out (run_id, step, train_loss, train_accuracy, test_loss, test_accuracy,
                        weight_norm, fourier_gini) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.id, m.step, h.trainLoss, h.trainAccuracy, h.testLoss, h.testAccuracy, h.weightNorm,
                    h.fourierGini.flatMap { $0.isFinite ? $0 : nil },
                ])
        }
    }
}

/// One row of the runs table, with the run's settings (machine settings and axis values).
public struct RunRow: ResultEntry {
    public var id: String
    public var index: Int
    public var task: String
    public var model: String
    public var seed: Int
    public var learningRate: Double
    public var status: String
    public var error: String?
    public var score: Double?
    /// The score scaled against the task's chance level (`ScaledAccuracy`); nil where the task has none.
    public var scaledScore: Double?
    public var trainAccuracy: Double?
    public var randomBaseline: Double?
    public var trainSeconds: Double?
    public var evalSeconds: Double?
    public var blasKernel: String?
    public var reckonVersion: String?
    public var protocolName: String
    public var trainLength: Int
    public var evalMaxLength: Int
    public var steps: Int
    public var batchSize: Int
    public var evalSamples: Int
    public var curriculum: String
    /// What the run was evaluated over: nil for lengths, `RunSummary.heldOutAxis` for a table run.
    public var evaluationAxis: String?
    /// A table run's first evaluated step with training accuracy at the grok threshold (`HeldOutSummary`).
    public var memorizationStep: Int?
    /// A table run's first evaluated step with held-out accuracy at the grok threshold: its time to grok.
    public var grokkingStep: Int?
    /// A table run's accuracy and loss on its training and held-out entries at the last step.
    public var finalTrainAccuracy: Double?
    public var finalTestAccuracy: Double?
    public var finalTrainLoss: Double?
    public var finalTestLoss: Double?
    /// A table run's total parameter norm at the last step.
    public var weightNorm: Double?
    /// A prediction run's bits and regret per symbol after the training length, and on the training lengths.
    public var bitsPerSymbol: Double?
    public var regretPerSymbol: Double?
    public var trainBitsPerSymbol: Double?
    public var trainRegretPerSymbol: Double?
    public var settings: [String: String]

    init(row: Row, settings: [String: String]) {
        id = row["id"]
        index = row["sweep_index"]
        task = row["task"]
        model = row["model"]
        seed = row["seed"]
        learningRate = row["learning_rate"]
        status = row["status"]
        error = row["error"]
        score = row["score"]
        scaledScore = row["scaled_score"]
        trainAccuracy = row["train_accuracy"]
        randomBaseline = row["random_baseline"]
        trainSeconds = row["train_seconds"]
        evalSeconds = row["eval_seconds"]
        blasKernel = row["blas_kernel"]
        reckonVersion = row["reckon_version"]
        protocolName = row["protocol"]
        trainLength = row["train_length"]
        evalMaxLength = row["eval_max_length"]
        steps = row["steps"]
        batchSize = row["batch_size"]
        evalSamples = row["eval_samples"]
        curriculum = row["curriculum"]
        evaluationAxis = row["evaluation"]
        memorizationStep = row["memorization_step"]
        grokkingStep = row["grokking_step"]
        finalTrainAccuracy = row["final_train_accuracy"]
        finalTestAccuracy = row["final_test_accuracy"]
        finalTrainLoss = row["final_train_loss"]
        finalTestLoss = row["final_test_loss"]
        weightNorm = row["weight_norm"]
        bitsPerSymbol = row["bits_per_symbol"]
        regretPerSymbol = row["regret_per_symbol"]
        trainBitsPerSymbol = row["train_bits_per_symbol"]
        trainRegretPerSymbol = row["train_regret_per_symbol"]
        self.settings = settings
    }

    public var state: RunState { RunState(rawValue: status) ?? .pending }
    public var heldOutEntries: Bool { evaluationAxis == RunSummary.heldOutAxis }
    public var settingNames: [String] { Array(settings.keys) }

    /// The run's config columns and settings (machine settings and the sweep's axes) other than its task,
    /// machine and seed.
    public var configuration: [String: String] {
        var out = settings.filter { !ResultsTable.notConfiguration.contains($0.key) }
        let columns: [(String, String)] = [
            ("learning_rate", String(learningRate)), ("protocol", protocolName), ("steps", String(steps)),
            ("batch_size", String(batchSize)), ("train_length", String(trainLength)),
            ("eval_max_length", String(evalMaxLength)), ("eval_samples", String(evalSamples)),
            ("curriculum", curriculum),
        ]
        for (name, value) in columns { out[name] = value }
        return out
    }

    /// The value of a column or setting by name, as text (for `--where`).
    public func value(of name: String) -> String? {
        switch name {
        case "task": return task
        case "model": return model
        case "seed": return String(seed)
        case "learning_rate": return String(learningRate)
        case "status": return status
        case "protocol": return protocolName
        case "train_length": return String(trainLength)
        case "eval_max_length": return String(evalMaxLength)
        case "evaluation": return evaluationAxis
        case "grokking_step": return grokkingStep.map(String.init)
        default: return settings[name]
        }
    }
}
