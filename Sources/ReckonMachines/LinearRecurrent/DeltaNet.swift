import ReckonSupport

/// `deltanet` and `gated_deltanet`: fla's DeltaNet blocks (Yang et al. 2024), as Grazzi et al.
/// train them, and the gated variant (Yang, Kautz & Hatamizadeh 2025): each block is
/// x + DeltaNetMixer(RMSNorm(x)), then x + GatedMLP(RMSNorm(x)).
public enum DeltaNet {
    /// The settings of `deltanet` and `gated_deltanet` (fla's defaults, Grazzi et al.'s 4 heads).
    public struct Config: MachineConfig {
        public var shared = LinearRecurrentSettings()
        @Setting("num_heads", "heads; d_model must be a multiple", minimum: 1, maximum: 4096) public var heads = 4
        @Setting("conv_size", "width of the causal convolutions of q, k and v", minimum: 1, maximum: 64)
        public var convolutionSize = 4
        @Setting("chunk_size", "steps per chunk of the parallel (chunked WY) form", minimum: 1, maximum: 4096)
        public var chunkSize = 64
        @Setting(
            "mlp_hidden", "hidden width of the gated MLP; 0 means fla's (256 · ceil(8·d_model / 768))",
            minimum: 0, maximum: 1_048_576)
        public var mlpHidden = 0
        public var readout = ReadoutSettings()

        public init() {}

        public func problem() -> String? {
            shared.width % heads == 0 ? nil : "d_model \(shared.width) is not a multiple of num_heads \(heads)"
        }

        var hidden: Int { mlpHidden > 0 ? mlpHidden : GatedMLP.defaultHidden(shared.width) }

        func footprint(_ s: FootprintShape, gated: Bool) -> MachineFootprint {
            let d = Double(shared.width)
            let h = Double(heads)
            let dk = d / h
            let c = Double(chunkSize)
            let parameters =
                (gated ? 5 : 4) * d * d + d * h + 3 * d * Double(convolutionSize) + dk + (gated ? d * h + 2 * h : 0)
            // Per position: q, k, v through projection, convolution and SiLU, the chunk's C×C
            // products per head, W and U′, and the state each chunk keeps (d_k · d_v per head / C).
            // The recurrent form keeps about three [H, d_k, d_v] states per step instead.
            let state = shared.form == .recurrent ? 3 * d * dk : d * dk / c
            let floats = 16 * d + 4 * h * c + 4 * d + state + (gated ? 4 * d : 0)
            return LinearRecurrentMachine.footprint(
                shared, readout, s, mixerParameters: parameters, mixerFloats: floats, mlpHidden: hidden)
        }

        func build(inputSize: Int, outputSize: Int, gated: Bool, rng: inout RandomGenerator) -> LinearRecurrentMachine {
            LinearRecurrentMachine(
                inputSize: inputSize, outputSize: outputSize, shared: shared, readout: readout, mlpHidden: hidden,
                rng: &rng
            ) { rng in
                DeltaNetMixer(
                    width: shared.width, heads: heads, convolutionSize: convolutionSize, chunkSize: chunkSize,
                    gated: gated, range: shared.eigenvalueRange, rng: &rng)
            }
        }
    }

    public static let spec = MachineSpec(
        name: "deltanet",
        summary: "DeltaNet blocks (2 x 128, 4 heads); eigenvalue_range minus1_1: beta = 2 sigmoid",
        config: Config.self, footprint: { c, s in c.footprint(s, gated: false) }
    ) { c, i, o, rng in c.build(inputSize: i, outputSize: o, gated: false, rng: &rng) }

    public static let gatedSpec = MachineSpec(
        name: "gated_deltanet",
        summary: "Gated DeltaNet blocks: the delta rule with a decay gate and an output gate",
        config: Config.self, footprint: { c, s in c.footprint(s, gated: true) }
    ) { c, i, o, rng in c.build(inputSize: i, outputSize: o, gated: true, rng: &rng) }
}
