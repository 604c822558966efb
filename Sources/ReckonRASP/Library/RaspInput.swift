/// Tokens as the command line writes them.
public enum RaspInput {
    /// `a,b,c` (or space-separated, for vocabularies that include a comma).
    public static func vocabulary(_ text: String) throws -> [Value] {
        let parts = text.contains(" ") ? text.split(separator: " ") : text.split(separator: ",")
        let values = parts.map { Value(token: String($0)) }
        guard !values.isEmpty else { throw RaspUsageError("--vocab is empty; give tokens like a,b,c") }
        guard Set(values).count == values.count else { throw RaspUsageError("--vocab lists a token twice: \(text)") }
        return values
    }

    /// Space-separated tokens; numbers become numbers.
    public static func tokens(_ text: String) -> [Value] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map { Value(token: String($0)) }
    }
}
