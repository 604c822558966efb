import ReckonSupport
import ReckonTasks
import Testing

/// Tasks that say `acceptsEveryInput` answer any string over their symbols (`reckon inspect
/// --input` types them), not only the strings their generator draws.
@Suite struct EveryInputTests {
    static var tasks: [any AlgorithmicTask] { TaskCatalog.all.filter(\.acceptsEveryInput) }

    /// The list is short and deliberate: a task that joins it is read by this test.
    @Test func theTasksThatTakeEveryInput() {
        #expect(
            Self.tasks.map(\.name) == [
                "even_pairs", "parity_check", "cycle_navigation", "reverse_string", "duplicate_string",
                "odds_first", "bucket_sort",
            ])
        #expect(Self.tasks.allSatisfy { $0.outputKind == .tokens })
    }

    /// Random strings at every length 1...30 get a target of the declared length over the output
    /// symbols; a regular task's solver and automaton agree on them.
    @Test func randomStringsGetAnswersOfTheDeclaredLength() {
        var rng = RandomGenerator(seed: 29)
        for task in Self.tasks {
            let automaton = (task as? any RegularTask)?.automaton
            for length in 1...30 {
                for _ in 0..<8 {
                    let input = (0..<length).map { _ in rng.nextInt(below: task.inputSize) }
                    let target = task.solve(input)
                    #expect(
                        target.count == task.outputLength(forInputLength: length),
                        "\(task.name) at \(length): \(target.count) outputs")
                    #expect(target.allSatisfy { (0..<task.outputSize).contains($0) }, "\(task.name): \(target)")
                    if let automaton {
                        #expect(automaton.output(for: input) == target.first, "\(task.name): \(input)")
                    }
                }
            }
        }
    }
}
