// Each machine family adds its specs here, so the catalog file stays one list.
extension MachineCatalog {
    /// stack_rnn, stack_lstm, ndstack_rnn, tape_rnn (Recurrent/Memory folders).
    static var stackMachines: [MachineSpec] { [] }
    /// transformer_encoder, transformer (Transformer folder).
    static var transformerMachines: [MachineSpec] { [] }
    /// ntm, ttm, memn2n (Memory folder).
    static var memoryMachines: [MachineSpec] { [] }
}
