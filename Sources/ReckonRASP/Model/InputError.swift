/// An input the compiled model cannot take (a token outside its vocabulary, or too long), or one
/// too long for the interpreter's bounds (`Interpreter.longestInput`).
public enum InputError: Error, CustomStringConvertible, Sendable {
    case notInVocabulary(Value, [Value])
    case tooLong(Int, maxLength: Int)
    case tooLongToInterpret(Int, maxLength: Int)

    public var description: String {
        switch self {
        case .notInVocabulary(let v, let vocabulary):
            return "token '\(v)' is not in the vocabulary {\(vocabulary.map(\.description).joined(separator: ", "))}"
        case .tooLong(let n, let max):
            return "the input has \(n) tokens but the model was compiled for at most \(max)"
        case .tooLongToInterpret(let n, let max):
            return "the input has \(n) tokens; the interpreter runs this program on at most \(max) "
                + "(RASP's limits: \(RaspLimits.maxLength) tokens, and n² × the selectors, aggregates and "
                + "selector widths at most \(RaspLimits.interpreterCells))"
        }
    }
}
