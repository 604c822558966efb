extension MachineCatalog {
    /// ntm, memn2n, ttm (docs/reference/memory.md).
    static var memoryMachines: [MachineSpec] {
        [
            MachineSpec(name: "ntm", summary: "Neural Turing Machine: LSTM controller, N x M memory, one read and one write head",
                        hyperparameters: [
                            HyperparameterSpec("controller_size", .int(100), "LSTM controller units", minimum: 1),
                            HyperparameterSpec("memory_size", .int(128), "memory rows N", minimum: 1),
                            HyperparameterSpec("memory_width", .int(20), "memory row width M", minimum: 1),
                            HyperparameterSpec("shift_width", .int(3), "circular shift window (odd; offsets -(S-1)/2 ... (S-1)/2)", minimum: 1),
                            HyperparameterSpec("memory_init", .string("random"), "M_0: random (uniform +-1/sqrt(N+M), pytorch-ntm) or constant (1e-6 everywhere, Collier & Beel 2018)",
                                               choices: ["random", "constant"]),
                            HyperparameterSpec("initial_weighting", .string("zero"), "w_0 of both heads: zero (pytorch-ntm) or learned (softmax of learned logits, Collier & Beel 2018)",
                                               choices: ["zero", "learned"]),
                        ], check: { hp in
                let s = hp.int("shift_width"), n = hp.int("memory_size")
                if s % 2 == 0 { return "shift_width must be odd (offsets -(S-1)/2 ... (S-1)/2), got \(s)" }
                if s > n { return "shift_width (\(s)) must not exceed memory_size (\(n))" }
                return nil
            }, footprint: MachineFootprint.ntm) { i, o, hp, rng in
                NTM(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
            MachineSpec(name: "memn2n", summary: "End-to-End Memory Network: input positions as memory, multi-hop attention, adjacent tying",
                        hyperparameters: [
                            HyperparameterSpec("hops", .int(3), "memory hops K", minimum: 1),
                            HyperparameterSpec("embedding_size", .int(64), "embedding width d", minimum: 1),
                            HyperparameterSpec("position_width", .int(32), "sinusoidal position channels appended to slots and queries", minimum: 0),
                        ], footprint: MachineFootprint.memn2n) { i, o, hp, rng in
                MemN2N(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
            MachineSpec(name: "ttm", summary: "Token Turing Machine: token-summarization read/write of m memory tokens around a small Transformer",
                        hyperparameters: [
                            HyperparameterSpec("memory_tokens", .int(16), "memory tokens m", minimum: 1),
                            HyperparameterSpec("read_tokens", .int(4), "tokens r read per step and processed", minimum: 1),
                            HyperparameterSpec("embedding_size", .int(32), "token width d", minimum: 1),
                            HyperparameterSpec("layers", .int(1), "Transformer blocks of the processing unit", minimum: 0),
                            HyperparameterSpec("heads", .int(2), "attention heads (must divide embedding_size)", minimum: 1),
                            HyperparameterSpec("summarizer_hidden", .int(32), "hidden width of the summarization MLP", minimum: 1),
                        ], check: { hp in
                let d = hp.int("embedding_size"), h = hp.int("heads")
                guard d % h != 0 else { return nil }
                // Divisors by trial division up to √d: listing 1...d would run for hours at a mistyped width.
                let small = (1...Swift.min(d, 1_000_000)).prefix { $0 * $0 <= d }.filter { d % $0 == 0 }
                let all = Set(small + small.map { d / $0 }).sorted()
                let shown = all.count > 24 ? all.prefix(24).map(String.init) + ["..."] : all.map(String.init)
                return "heads (\(h)) must divide embedding_size (\(d)); valid head counts: "
                    + shown.joined(separator: ", ")
            }, footprint: MachineFootprint.ttm) { i, o, hp, rng in
                TokenTuringMachine(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
        ]
    }
}
