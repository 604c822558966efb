/// Reckon's side of the `deltanet` and `mamba` rows of `reckon bench peers`: one training step
/// of the catalog machine at Grazzi et al.'s model sizes (2025, "Unlocking State-Tracking in
/// Linear RNNs Through Negative Eigenvalues"; parity_delta_net_2.yaml and parity_mamba_2.yaml:
/// d_model 128, 2 layers, eigenvalues in [−1, 1]) on parity, against the PyTorch layers of
/// `torchScript`.
extension PeerBenchmark {
    /// The rows' shape: parity at their longest training length, 40 bits and one output blank.
    /// Batch 32, not their 256: Reckon's deltanet step took 1.1 s at batch 128 on this 2-core EPYC
    /// (two threads, `reckon bench machines --task parity_check`), so about 2 s at 256, and a round
    /// of both rows on both sides at both thread counts would take minutes.
    static let linearRecurrentShape = ParityShape(batch: 32, bits: 40)

    /// The machines' settings: Grazzi et al.'s sizes (4 heads and fla's MLP for deltanet; mamba.py's
    /// d_state 16, expand 2, d_conv 4, dt_rank ceil(128 / 16) = 8), [−1, 1] (the variant that
    /// learns parity; [0, 1] costs the same but for 2σ − 1) and the parallel form Reckon trains
    /// with. deltanet's chunk of 64 covers the 41 positions in one chunk, as in the script.
    static let linearRecurrentSettings: [Model: [String: String]] = [
        .deltanet: [
            "d_model": "128", "num_layers": "2", "eigenvalue_range": "minus1_1", "form": "parallel",
            "num_heads": "4", "conv_size": "4", "chunk_size": "64", "mlp_hidden": "512",
        ],
        .mamba: [
            "d_model": "128", "num_layers": "2", "eigenvalue_range": "minus1_1", "form": "parallel",
            "d_state": "16", "expand": "2", "d_conv": "4", "dt_rank": "8",
        ],
    ]

    /// Steps per second of `model`'s training step (`parityStep`), Adam at 1e-3 as Grazzi et al.
    /// (without their warm-up, which changes no step's cost). `machine` is the catalog machine
    /// timed (tests also hand it one without these settings).
    static func linearRecurrentStep(_ model: Model, seconds: Double, machine: String? = nil) throws -> Double {
        guard let settings = linearRecurrentSettings[model] else {
            throw BenchmarkError("`\(model.rawValue)` is not a linear recurrent row")
        }
        let (perStep, _) = try parityStep(
            machine: machine ?? model.rawValue, settings: settings,
            shape: linearRecurrentShape, learningRate: 1e-3, seconds: seconds)
        return 1 / perStep
    }
}
