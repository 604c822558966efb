extension MachineCatalog {
    /// ntm, ttm, memn2n.
    static var memoryMachines: [MachineSpec] { [] }
}
