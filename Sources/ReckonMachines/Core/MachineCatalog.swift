import ReckonSupport

/// Every machine Reckon knows, by name. A new machine adds its `spec` here.
public enum MachineCatalog {
    static let registered: [MachineSpec] = [
        ElmanRNN.spec, LSTMMachine.spec, GRUMachine.spec,
        StackRNN.elmanSpec, StackRNN.lstmSpec, NDStackRNN.spec, TapeRNN.spec,
        TransformerEncoderMachine.spec, TransformerMachine.spec, TransformerLM.spec, LoopedTransformer.spec,
        NTM.spec, MemN2N.spec, TokenTuringMachine.spec,
        PointerNet.spec, Seq2Seq.lstmSpec, Seq2Seq.attentionSpec,
        ArithmeticStack.nauSpec, ArithmeticStack.nmuSpec, ArithmeticStack.nacSpec, ArithmeticStack.naluSpec,
        ArithmeticStack.linearSpec,
        ACTMachine.rnnSpec, ACTMachine.lstmSpec, ACTMachine.gruSpec, UniversalTransformer.spec,
        Mamba.spec, DeltaNet.spec, DeltaNet.gatedSpec, LinearRNN.spec,
        GrokTransformer.spec, GrokMLP.spec,
        CTWMachine.spec,
    ]

    /// All machines in catalog order.
    public static var all: [MachineSpec] { registered }
    public static var names: [String] { registered.map(\.name) }

    /// The machine called `name`, or an error suggesting the closest known name.
    public static func spec(named name: String) throws -> MachineSpec {
        if let s = registered.first(where: { $0.name == name }) { return s }
        throw MachineError.unknownMachine(
            name, suggestion: NameSuggestion.closest(to: name, among: names), known: names)
    }
}
