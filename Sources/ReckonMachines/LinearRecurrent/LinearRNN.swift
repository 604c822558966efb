import ReckonSupport

/// `linear_rnn`: blocks of a plain input-dependent diagonal linear recurrence (`DiagonalMixer`),
/// the ablation baseline of the state-tracking machines.
public enum LinearRNN {
    /// The settings of `linear_rnn`.
    public struct Config: MachineConfig {
        public var shared = LinearRecurrentSettings()
        @Setting("state_size", "channels of the diagonal state; 0 means d_model", minimum: 0, maximum: 1_048_576)
        public var stateSize = 0
        public var readout = ReadoutSettings()

        public init() {}

        var state: Int { stateSize > 0 ? stateSize : shared.width }
    }

    public static let spec = MachineSpec(
        name: "linear_rnn",
        summary: "diagonal linear recurrence h = a(x) * h + W x with SiLU gate; the ablation baseline",
        config: Config.self,
        footprint: { c, s in
            let d = Double(c.shared.width)
            let n = Double(c.state)
            return LinearRecurrentMachine.footprint(
                c.shared, c.readout, s, mixerParameters: 4 * d * n + n, mixerFloats: 10 * n, mlpHidden: nil)
        }
    ) { c, i, o, rng in
        LinearRecurrentMachine(
            inputSize: i, outputSize: o, shared: c.shared, readout: c.readout, mlpHidden: nil, rng: &rng
        ) { rng in DiagonalMixer(width: c.shared.width, stateWidth: c.state, range: c.shared.eigenvalueRange, rng: &rng)
        }
    }
}
