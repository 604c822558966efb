/// The family a task belongs to: a Chomsky level (as in the reference's `TASK_LEVELS`), memory, pointer,
/// arithmetic, adaptive computation, state tracking, algebraic tables or sequence prediction.
public enum TaskLevel: String, CaseIterable, Sendable, Codable {
    case regular
    /// Deterministic context-free (`dcf` in the reference).
    case deterministicContextFree = "dcf"
    /// Context-sensitive (`cs` in the reference).
    case contextSensitive = "cs"
    /// Tasks from the memory-machine literature (copy, repeat copy, ...), outside the hierarchy.
    case memory
    /// Tasks whose answer is a sequence of input positions (Pointer Networks: sort, hull, TSP).
    case pointer
    /// Arithmetic on numbers (neural arithmetic units, decimal arithmetic), outside the hierarchy.
    case arithmetic
    /// Tasks of the adaptive-computation literature, where a machine may spend more steps on a
    /// longer or harder input (Graves 2016's ACT parity, Fan et al. 2025's looped-transformer tasks).
    case adaptive
    /// Tasks whose answer at each position is the state reached so far (group word problems,
    /// Merrill et al. 2024), where recurrent and parallel machines part ways.
    case stateTracking = "state_tracking"
    /// Finite algebraic tables (x ∘ y mod p, group composition) learned from a fixed fraction of
    /// their entries, where generalization can arrive long after memorization (grokking).
    case table
    /// Sources of sequences whose every next symbol is predicted and scored in bits, against the
    /// source's Bayes-optimal predictor where one is known (Grau-Moya et al. 2024).
    case prediction

    /// Human-readable name for listings.
    public var displayName: String {
        switch self {
        case .regular: return "regular"
        case .deterministicContextFree: return "deterministic context-free"
        case .contextSensitive: return "context-sensitive"
        case .memory: return "memory"
        case .pointer: return "pointer"
        case .arithmetic: return "arithmetic"
        case .adaptive: return "adaptive computation"
        case .stateTracking: return "state tracking"
        case .table: return "algebraic tables"
        case .prediction: return "sequence prediction"
        }
    }
}
