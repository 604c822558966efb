extension MachineCatalog {
    /// transformer_encoder, transformer.
    static var transformerMachines: [MachineSpec] { [] }
}
