import ReckonMachines
import ReckonTasks

/// One run-level setting (not a machine's): its snake_case name, as sweep files and tables
/// write it, the CLI flag it corresponds to, and how a textual value is checked and applied.
public struct RunOption: Sendable {
    /// `learning_rate`, `batch_size`, ...
    public let name: String
    /// What the value means, in a few words.
    public let summary: String
    let apply: @Sendable (inout RunConfig, String) throws -> Void
    let read: @Sendable (RunConfig) -> String

    /// The command-line flag: `--learning-rate`.
    public var flag: String { "--" + name.replacingOccurrences(of: "_", with: "-") }

    /// `config` with this option set to `text`; a value of the wrong type is a one-line error.
    public func applying(_ text: String, to config: RunConfig) throws -> RunConfig {
        var c = config
        try apply(&c, text)
        return c
    }

    /// The option's value in `config`, as text.
    public func value(in config: RunConfig) -> String { read(config) }
}

/// Every run-level option, by name.
public enum RunOptions {
    public static let all: [RunOption] = [
        option("task", "task name (see `reckon tasks`)", \.task) { c, v in
            _ = try TaskCatalog.task(named: v)
            c.task = v
        },
        option("model", "machine name (see `reckon models`)", \.model) { c, v in
            let spec = try MachineCatalog.spec(named: v)
            if v != c.model { c.hyperparameters = spec.defaults }
            c.model = v
        },
        // Every UInt64 is a seed, 0 included (it once said "a positive integer").
        option("seed", "random seed", { String($0.seed) }) { c, v in
            guard let seed = UInt64(v) else {
                throw LabError.invalidOption("seed must be a whole number from 0 to \(UInt64.max), got '\(v)'")
            }
            c.seed = seed
        },
        integer("steps", "training steps", { $0 > 0 }, \.steps),
        integer("batch_size", "training batch size", { $0 > 0 }, \.batchSize),
        number("learning_rate", "Adam learning rate", \.learningRate),
        number("max_grad_norm", "global-norm gradient clipping", \.maxGradNorm),
        integer("train_length", "longest training length", { $0 > 0 }, \.curriculum.maxLength),
        option(
            "curriculum", "uniform | fixed | regular_increase | reverse_exponential", { $0.curriculum.kind.rawValue }
        ) { c, v in
            guard let kind = Curriculum.Kind(rawValue: v) else { throw LabError.unknownCurriculum(v) }
            c.curriculum.kind = kind
        },
        integer("eval_max_length", "longest evaluation length", { $0 > 0 }, \.evalMaxLength),
        integer("eval_samples", "sequences per evaluation length", { $0 > 0 }, \.evalSamples),
        integer("eval_batch_size", "sequences per evaluation sub-batch", { $0 > 0 }, \.evalBatchSize),
        integer("checkpoint_every", "steps between checkpoints", { $0 > 0 }, \.checkpointEvery),
        option("eval_every", "steps between evaluations during training (0: none)", { "\($0.evalEvery ?? 0)" }) {
            c, v in
            guard let n = Int(v), n >= 0 else {
                throw LabError.invalidOption("eval_every must be 0 (none) or a positive integer, got '\(v)'")
            }
            c.evalEvery = n == 0 ? nil : n
        },
    ]

    /// Option names, in table order.
    public static var names: [String] { all.map(\.name) }

    /// The option called `name`, or nil.
    public static func named(_ name: String) -> RunOption? { all.first { $0.name == name } }

    private static func option(
        _ name: String, _ summary: String, _ read: @escaping @Sendable (RunConfig) -> String,
        apply: @escaping @Sendable (inout RunConfig, String) throws -> Void
    ) -> RunOption {
        RunOption(name: name, summary: summary, apply: apply, read: read)
    }

    private static func option(
        _ name: String, _ summary: String, _ path: WritableKeyPath<RunConfig, String> & Sendable,
        apply: @escaping @Sendable (inout RunConfig, String) throws -> Void
    ) -> RunOption {
        RunOption(name: name, summary: summary, apply: apply, read: { $0[keyPath: path] })
    }

    private static func integer<T: FixedWidthInteger & Sendable>(
        _ name: String, _ summary: String, _ valid: @escaping @Sendable (Int) -> Bool,
        _ path: WritableKeyPath<RunConfig, T> & Sendable
    ) -> RunOption {
        RunOption(
            name: name, summary: summary,
            apply: { c, v in
                guard let n = Int(v), valid(n), let value = T(exactly: n) else {
                    throw LabError.invalidOption("\(name) must be a positive integer, got '\(v)'")
                }
                c[keyPath: path] = value
            }, read: { String($0[keyPath: path]) })
    }

    private static func number(
        _ name: String, _ summary: String,
        _ path: WritableKeyPath<RunConfig, Double> & Sendable
    ) -> RunOption {
        RunOption(
            name: name, summary: summary,
            apply: { c, v in
                guard let x = Double(v), x.isFinite, x > 0 else {
                    throw LabError.invalidOption("\(name) must be a positive number, got '\(v)'")
                }
                c[keyPath: path] = x
            }, read: { "\($0[keyPath: path])" })
    }
}
