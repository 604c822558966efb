/// A task whose target is a regular function of its input: it exposes its own minimal automaton, the
/// reference an automaton extracted from a trained network is compared with.
public protocol RegularTask: AlgorithmicTask {
    /// The task's minimal automaton over its input token ids (those `sample` writes into
    /// `Batch.input`): its output for every input the task generates is the task's target class.
    /// Transitions on inputs the task never produces are undefined. The empty input gets the answer
    /// the task's definition gives it where it gives one (no 1s: parity 0), and none otherwise.
    var automaton: MooreAutomaton { get }
}
