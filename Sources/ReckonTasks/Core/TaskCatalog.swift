import ReckonSupport

/// Every task Reckon knows, by name, in the reference's order within each level.
public enum TaskCatalog {
    /// All tasks: regular, deterministic context-free, context-sensitive, memory, pointer, arithmetic,
    /// adaptive computation, state tracking, algebraic tables, sequence prediction sources.
    public static let all: [any AlgorithmicTask] = [
        EvenPairs(), ModularArithmetic(), ParityCheck(), CycleNavigation(),
        StackManipulation(), ReverseString(), ModularArithmeticBrackets(), SolveEquation(),
        DuplicateString(), MissingDuplicateString(), OddsFirst(), BinaryAddition(),
        BinaryMultiplication(), ComputeSqrt(), BucketSort(),
        Copy(), RepeatCopy(), AssociativeRecall(), PrioritySort(),
        Sort(), ConvexHull(), TravellingSalesman(),
        ArithmeticFunction(), DecimalArithmetic(.addition), DecimalArithmetic(.multiplication),
        GravesParity(), FanParity(), FanCopy(), FanAddition(), FanBinarySum(), FanMultiplication(), FanUniqueSet(),
        WordProblem(),
        ModularTable<ModularAddition>(), ModularTable<ModularSubtraction>(), ModularTable<ModularMultiplication>(),
        ModularTable<ModularDivision>(), ModularPolynomial(), GroupComposition(),
        VariableOrderMarkovSource(), BrainPhoqueSource(), ChomskySource(),
    ]

    /// The 15 tasks of the Chomsky-hierarchy benchmark.
    public static var chomsky: [any AlgorithmicTask] {
        all.filter { [.regular, .deterministicContextFree, .contextSensitive].contains($0.level) }
    }

    /// Names of all tasks, in catalog order.
    public static var names: [String] { all.map(\.name) }

    /// The task with this exact name; throws `TaskError.unknownTask` with the closest name otherwise.
    public static func task(named name: String) throws -> any AlgorithmicTask {
        if let task = all.first(where: { $0.name == name }) { return task }
        throw TaskError.unknownTask(
            name: name, suggestion: NameSuggestion.closest(to: name, among: names), known: names)
    }

    /// The task `name` with `settings` (name to text) applied. A task without settings accepts
    /// only an empty dictionary; unknown names and bad values are `SettingError`s.
    public static func task(named name: String, settings: [String: String]) throws -> any AlgorithmicTask {
        let task = try task(named: name)
        if let configurable = task as? any ConfigurableTask { return try configurable.configured(settings) }
        if let first = settings.keys.sorted().first {
            throw SettingError.unknown(first, owner: "task '\(name)'", known: [])
        }
        return task
    }
}
