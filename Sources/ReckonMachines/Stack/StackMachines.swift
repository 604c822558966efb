extension MachineCatalog {
    /// stack_rnn, stack_lstm, ndstack_rnn, tape_rnn.
    static var stackMachines: [MachineSpec] { [] }
}
