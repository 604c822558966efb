/// A named protocol: settings it fixes for every run and axes it adds, so that a sweep file
/// naming only tasks and machines reproduces a paper's grid, and `reckon train --protocol` runs
/// one run of it (its fixed settings, its memory sizes, the first value of each axis) as a pilot.
public struct RunProtocol: Sendable {
    /// `demo` or `paper`.
    public let name: String
    /// One line for listings and for every run's summary.
    public let summary: String
    /// Run-level settings for every run (`steps`, `batch_size`, ...).
    public let fixed: [(String, String)]
    /// Run-level axes (`seed`, `learning_rate`).
    public let axes: [(String, [String])]
    /// Machine-setting axes, per machine.
    public let machineAxes: [String: [(String, [String])]]
    /// Machine settings for training, per machine (the paper's memory sizes).
    public let machineSettings: [String: [(String, String)]]
    /// Whether memory settings (stack and tape sizes) grow at evaluation to hold the longest input.
    public let growsMemoryForEvaluation: Bool
    /// How a table cell aggregates a task × machine's runs by default.
    public let aggregate: String

    /// Today's `reckon train` defaults: the reference repository's demo (10 000 steps, lr 1e-3).
    public static let demo = RunProtocol(
        name: "demo",
        summary: "reckon-default: the reference's demo settings (10000 steps, lr 1e-3), seed 0 unless the file says",
        fixed: [], axes: [], machineAxes: [:], machineSettings: [:], growsMemoryForEvaluation: false, aggregate: "max")

    /// Delétang et al. 2023 (ICLR), appendix A: 1 000 000 steps, batch 128, lengths U(1, 40), Adam with
    /// global-norm clipping 1.0, seeds 0-9 × learning rates {1e-4, 3e-4, 5e-4}, evaluation on every
    /// length 1-500 (512 sequences each, sub-batches of 64 as the reference's range evaluation),
    /// score = max over runs of the mean accuracy on 41-500. Transformers sweep their five
    /// encodings; Tape-RNN sweeps 0, ℓ or 2ℓ computation tokens and 1 or 4 tapes; NDStack-RNN sweeps
    /// 2 or 4 symbols and state reading at batch 16 (appendix A.5). Memory: a stack of 128 and a tape
    /// of 256 cells in training (appendix A.2), grown at evaluation to the longest unrolled input,
    /// since the paper "manually increases their sizes when testing on longer sequences" without
    /// saying to what (our choice, recorded in every run's config).
    public static let paper = RunProtocol(
        name: "paper",
        summary:
            "paper: Delétang et al. 2023 appendix A (1e6 steps, batch 128, seeds 0-9 x lr {1e-4, 3e-4, 5e-4}, max "
            + "over runs)",
        fixed: [
            ("steps", "1000000"), ("batch_size", "128"), ("train_length", "40"), ("curriculum", "uniform"),
            ("eval_max_length", "500"), ("eval_samples", "512"), ("eval_batch_size", "64"), ("max_grad_norm", "1.0"),
        ],
        axes: [("seed", (0...9).map(String.init)), ("learning_rate", ["1e-4", "3e-4", "5e-4"])],
        machineAxes: [
            "transformer_encoder": [("positional_encodings", ["none", "sin_cos", "rotary", "alibi", "relative"])],
            "transformer": [("positional_encodings", ["none", "sin_cos", "rotary", "alibi", "relative"])],
            "tape_rnn": [("computation_steps_mult", ["0", "1", "2"]), ("n_tapes", ["1", "4"])],
            "ndstack_rnn": [("stack_symbols", ["2", "4"]), ("read_states", ["false", "true"])],
        ],
        machineSettings: [
            "stack_rnn": [("stack_size", "128")], "stack_lstm": [("stack_size", "128")],
            "tape_rnn": [("memory_size", "256")], "ndstack_rnn": [("stack_size", "128"), ("batch_size", "16")],
        ],
        growsMemoryForEvaluation: true, aggregate: "max")

    public static let all = [demo, paper]

    /// The protocol called `name`, or a one-line error naming the valid ones.
    public static func named(_ name: String) throws -> RunProtocol {
        guard let p = all.first(where: { $0.name == name }) else {
            throw LabError.invalidOption(
                "unknown protocol '\(name)'; valid: " + all.map(\.name).joined(separator: ", "))
        }
        return p
    }

    /// The settings a run of `model` starts from under this protocol, in the order they apply: the
    /// fixed settings, the first value of each run axis and of the machine's axes, then the
    /// machine's settings (the paper's memory sizes). A machine's settings beat the fixed ones
    /// (ndstack_rnn trains at batch 16).
    public func settings(for model: String) -> [SettingOverride] {
        (fixed + axes.map { ($0.0, $0.1[0]) } + (machineAxes[model] ?? []).map { ($0.0, $0.1[0]) }
            + (machineSettings[model] ?? [])).map { SettingOverride($0.0, $0.1) }
    }

    /// Whether `override`, given to a run of `model`, departs from the protocol: it names a
    /// setting the protocol fixes with another value, or an axis value the protocol never takes.
    public func isDeviation(_ override: SettingOverride, model: String) -> Bool {
        let name = override.name
        func same(_ a: String) -> Bool { SettingOverride.sameValue(a, override.text) }
        if let given = (machineSettings[model] ?? []).last(where: { $0.0 == name })
            ?? fixed.last(where: { $0.0 == name })
        {
            return !same(given.1)
        }
        if let axis = (axes + (machineAxes[model] ?? [])).first(where: { $0.0 == name }) {
            return !axis.1.contains(where: same)
        }
        return false
    }
}
