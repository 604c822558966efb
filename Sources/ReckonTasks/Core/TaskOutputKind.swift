/// What a task's target is, which decides the loss and the metrics the Lab uses for it.
///
/// Inputs follow the same split: token tasks fill `Batch.input`, bit-vector tasks
/// `Batch.inputBits`, real-valued and pointer tasks `Batch.inputValues` (numbers or points).
public enum TaskOutputKind: String, Sendable, CaseIterable, Codable {
    /// One class per output position out of `outputSize` (cross-entropy, token accuracy).
    case tokens
    /// A vector of independent bits per output position (binary cross-entropy, bit accuracy).
    case bitVectors = "bit_vectors"
    /// Real numbers per output position in `Batch.targetValues` (mean squared error).
    case reals
    /// An index into the input per output position in `Batch.target`; the number of classes is the
    /// input length, so one machine serves every length (Pointer Networks).
    case pointers
}
