import ReckonSupport
/// Every task Reckon knows, by name, in the reference's order within each level.
public enum TaskCatalog {
    /// All tasks: regular, deterministic context-free, context-sensitive (then memory tasks when added).
    public static let all: [any AlgorithmicTask] = [
        EvenPairs(), ModularArithmetic(), ParityCheck(), CycleNavigation(),
        StackManipulation(), ReverseString(), ModularArithmeticBrackets(), SolveEquation(),
        DuplicateString(), MissingDuplicateString(), OddsFirst(), BinaryAddition(),
        BinaryMultiplication(), ComputeSqrt(), BucketSort(),
        Copy(), RepeatCopy(), AssociativeRecall(), PrioritySort(),
        Sort(), ConvexHull(), TravellingSalesman(),
    ]

    /// Names of all tasks, in catalog order.
    /// The 15 tasks of the Chomsky-hierarchy benchmark (the regular, dcf and cs levels).
    public static var chomsky: [any AlgorithmicTask] {
        all.filter { [.regular, .deterministicContextFree, .contextSensitive].contains($0.level) }
    }

    public static var names: [String] { all.map(\.name) }

    /// The task with this exact name; throws `TaskError.unknownTask` with the closest name otherwise.
    public static func task(named name: String) throws -> any AlgorithmicTask {
        if let task = all.first(where: { $0.name == name }) { return task }
        throw TaskError.unknownTask(name: name, suggestion: NameSuggestion.closest(to: name, among: names), known: names)
    }
}
