import ReckonSupport

/// `mamba`: Mamba-1 blocks (Gu & Dao 2023) as Grazzi et al. train them (mamba.py's `MambaLM`
/// with `positive_and_negative`), each x + MambaMixer(RMSNorm(x)).
public enum Mamba {
    /// The settings of `mamba`: the shared ones and the selective SSM's (mamba.py's defaults).
    public struct Config: MachineConfig {
        public var shared = LinearRecurrentSettings()
        @Setting("d_state", "N: state size per channel", minimum: 1, maximum: 4096) public var stateSize = 16
        @Setting("expand", "E: inner width as a multiple of d_model", minimum: 1, maximum: 64) public var expand = 2
        @Setting("d_conv", "width of the causal convolution", minimum: 1, maximum: 64) public var convolutionSize = 4
        @Setting("dt_rank", "rank of the Δ projection; 0 means ceil(d_model / 16)", minimum: 0, maximum: 65_536)
        public var stepRank = 0
        public var readout = ReadoutSettings()

        public init() {}
    }

    public static let spec = MachineSpec(
        name: "mamba",
        summary: "Mamba-1 selective SSM blocks (2 x 128); eigenvalue_range minus1_1 as Grazzi et al.",
        config: Config.self,
        footprint: { c, s in
            let d = Double(c.shared.width)
            let e = Double(c.expand * c.shared.width)
            let n = Double(c.stateSize)
            let r = Double(c.stepRank > 0 ? c.stepRank : (c.shared.width + 15) / 16)
            let parameters =
                d * 2 * e + e * Double(c.convolutionSize + 1) + e * (r + 2 * n) + r * e + e + 2 * e * n + e * d
            // In training the scan's transition, drive and states ([E, N] per position) dominate,
            // with the projections' activations beside them; without gradients only one chunk of
            // `MambaMixer.scanChunk` steps of them is alive. The recurrent form copies the transitions
            // and inputs once more, a step at a time.
            let t = Double(min(s.inputLength + s.outputLength, MambaMixer.scanChunk))
            return LinearRecurrentMachine.footprint(
                c.shared, c.readout, s, mixerParameters: parameters,
                mixerFloats: (c.shared.form == .recurrent ? 7 : 5) * e * n + 12 * e + r + 2 * n,
                mlpHidden: nil, inference: (12 * e + r + 2 * n, 5 * e * n * t))
        }
    ) { c, i, o, rng in
        LinearRecurrentMachine(
            inputSize: i, outputSize: o, shared: c.shared, readout: c.readout, mlpHidden: nil, rng: &rng
        ) { rng in MambaMixer(width: c.shared.width, config: c, rng: &rng) }
    }
}
