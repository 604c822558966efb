/// What a task's target is, which decides the Lab's output head (loss, score, metrics) for it.
///
/// Inputs are payloads too: tokens for token tasks, bit vectors for bit-vector tasks, real values
/// for real-valued and pointer tasks (numbers or points).
public enum TaskOutputKind: String, Sendable, CaseIterable, Codable {
    /// One class per output position out of `outputSize` (cross-entropy, token accuracy).
    case tokens
    /// A vector of independent bits per output position (binary cross-entropy, bit accuracy).
    case bitVectors = "bit_vectors"
    /// Real numbers per output position (mean squared error).
    case reals
    /// An index into the input per output position; the number of classes is the
    /// input length, so one machine serves every length (Pointer Networks).
    case pointers
    /// The next symbol of the sequence at every position, scored by its log-loss in bits
    /// (`SequencePrediction`: the input is the sequence, the machine sees it shifted by one).
    case prediction
}
