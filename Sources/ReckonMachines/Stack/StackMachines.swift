extension MachineCatalog {
    /// stack_rnn, stack_lstm, ndstack_rnn, tape_rnn (docs/reference/stack-tape-machines.md).
    static var stackMachines: [MachineSpec] {
        let hidden = HyperparameterSpec("hidden_size", .int(256), "hidden units of the inner core", minimum: 1)
        let stackSettings = [
            hidden,
            HyperparameterSpec("stack_cell_size", .int(8), "dimension of a stack entry", minimum: 1),
            HyperparameterSpec("stack_size", .int(30), "entries per stack (deeper pushes fall off the bottom)", minimum: 2),
            HyperparameterSpec("n_stacks", .int(1), "number of stacks", minimum: 1),
        ]
        func stack(_ gates: Double) -> (Hyperparameters, FootprintShape) -> MachineFootprint {
            { hp, s in
                let n = Double(hp.int("n_stacks")), c = Double(hp.int("stack_cell_size")), h = hp.int("hidden_size")
                let stack = n * Double(hp.int("stack_size")) * c
                return .recurrent(hp, s, hidden: h, gates: gates, readWidth: n * c, memoryPerStep: stack,
                                  extraParameters: Double(h) * n * (c + 3))
            }
        }
        return [
            MachineSpec(name: "stack_rnn", summary: "Elman RNN with a differentiable stack (push, pop, no-op), ReLU + linear readout",
                        hyperparameters: stackSettings, memorySetting: "stack_size", footprint: stack(1)) { i, o, hp, rng in
                StackRNN(.elman, inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
            MachineSpec(name: "stack_lstm", summary: "LSTM with a differentiable stack (push, pop, no-op), ReLU + linear readout",
                        hyperparameters: stackSettings, memorySetting: "stack_size", footprint: stack(4)) { i, o, hp, rng in
                StackRNN(.lstm, inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
            MachineSpec(name: "ndstack_rnn", summary: "Elman RNN with a nondeterministic stack (Lang's algorithm, O(n^3) per sequence)",
                        hyperparameters: [
                            hidden,
                            HyperparameterSpec("stack_states", .int(2), "states of the nondeterministic stack", minimum: 1),
                            HyperparameterSpec("stack_symbols", .int(2), "symbols of the nondeterministic stack", minimum: 1),
                            HyperparameterSpec("stack_size", .int(30), "time slots of the stack graph; the stack freezes after stack_size - 1 steps", minimum: 2),
                            HyperparameterSpec("read_states", .bool(false), "read the top (state, symbol) distribution, not only the top symbol"),
                        ], memorySetting: "stack_size", footprint: MachineFootprint.ndstack) { i, o, hp, rng in
                NDStackRNN(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
            MachineSpec(name: "tape_rnn", summary: "Elman RNN with a rotating memory tape (stay, left, right, jumps by the input length)",
                        hyperparameters: [
                            hidden,
                            HyperparameterSpec("memory_cell_size", .int(8), "dimension of a tape cell", minimum: 1),
                            HyperparameterSpec("memory_size", .int(40), "cells per tape (the tape wraps around)", minimum: 1),
                            HyperparameterSpec("n_tapes", .int(1), "number of tapes", minimum: 1),
                        ], memorySetting: "memory_size", footprint: { hp, s in
                let n = Double(hp.int("n_tapes")), c = Double(hp.int("memory_cell_size")), h = hp.int("hidden_size")
                let tape = n * Double(hp.int("memory_size")) * c
                return .recurrent(hp, s, hidden: h, gates: 1, readWidth: n * c, memoryPerStep: tape,
                                  extraParameters: Double(h) * n * (2 * c + 5))
            }) { i, o, hp, rng in
                TapeRNN(inputSize: i, outputSize: o, hyperparameters: hp, rng: &rng)
            },
        ]
    }
}
