/// An input the compiled model cannot take: a token outside its vocabulary, or too long.
public enum InputError: Error, CustomStringConvertible, Sendable {
    case notInVocabulary(Value, [Value])
    case tooLong(Int, maxLength: Int)

    public var description: String {
        switch self {
        case .notInVocabulary(let v, let vocabulary):
            return "token '\(v)' is not in the vocabulary {\(vocabulary.map(\.description).joined(separator: ", "))}"
        case .tooLong(let n, let max):
            return "the input has \(n) tokens but the model was compiled for at most \(max)"
        }
    }
}
