/// One CSV field as RFC 4180 writes it: quoted, its quotes doubled, when it holds a comma, a quote or
/// a line break (a configuration's values may; so may a task's symbols), as it is otherwise.
public enum CSVField {
    public static func quoted(_ text: String) -> String {
        guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
