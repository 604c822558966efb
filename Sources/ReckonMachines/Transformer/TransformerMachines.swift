extension MachineCatalog {
    /// transformer_encoder, transformer (docs/reference/transformer.md).
    static var transformerMachines: [MachineSpec] {
        let shared = [
            HyperparameterSpec("embedding_dim", .int(64), "model width D", minimum: 1),
            HyperparameterSpec("num_layers", .int(5), "encoder layers (and decoder layers for transformer)", minimum: 1),
            HyperparameterSpec("num_heads", .int(8), "attention heads", minimum: 1),
            HyperparameterSpec("num_hiddens_per_head", .int(0), "width per head; 0 means embedding_dim / num_heads", minimum: 0),
            HyperparameterSpec("widening_factor", .int(4), "feed-forward hidden width as a multiple of embedding_dim", minimum: 1),
            HyperparameterSpec("dropout_prob", .float(0.1), "dropout rate, applied in training only",
                               minimum: 0, below: 1),
            HyperparameterSpec("emb_init_scale", .float(0.02), "std of the token embedding's initialization", minimum: 0),
            HyperparameterSpec("positional_encodings", .string(PositionalEncoding.sinCos.rawValue),
                               "positional encoding (noisy_* are the randomized encodings of Ruoss et al. 2023)",
                               choices: PositionalEncoding.allCases.map(\.rawValue)),
            HyperparameterSpec("max_time", .float(10_000), "longest wavelength of sin/cos, rotary and relative encodings", minimum: 1),
            HyperparameterSpec("max_sequence_length", .int(2048), "rows of the learnt position table", minimum: 1),
            HyperparameterSpec("noise_max_length", .int(2048), "randomized encodings draw positions from [0, noise_max_length)", minimum: 2),
            HyperparameterSpec("randomize_in_evaluation", .bool(true),
                               "noisy_* encodings also draw random positions outside training (as the reference code does)"),
        ]
        return [
            MachineSpec(name: "transformer_encoder", summary: "Transformer encoder (post-LN, 5x64, 8 heads) over the empty-targets tape",
                        hyperparameters: shared + [
                            HyperparameterSpec("causal_masking", .bool(false), "each position attends only to itself and earlier ones"),
                        ], check: TransformerConfig.problem,
                        footprint: { hp, s in .transformer(hp, s, decoder: false) }) { i, o, hp, rng in
                TransformerEncoderMachine(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
            MachineSpec(name: "transformer", summary: "Transformer encoder-decoder, teacher-forced in training, greedy decoding otherwise",
                        hyperparameters: shared, check: TransformerConfig.problem,
                        footprint: { hp, s in .transformer(hp, s, decoder: true) }) { i, o, hp, rng in
                TransformerMachine(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
        ]
    }
}
