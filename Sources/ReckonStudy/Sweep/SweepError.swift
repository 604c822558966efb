/// Mistakes in a sweep file or a sweep directory: one line naming the problem, the place in
/// the file where there is one, and what would be valid (the CLI prints it and exits 2).
public struct SweepError: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// Line breaks and other control characters in `description` (a key or value quoted from a
    /// file can hold them, e.g. `"hidden\nsize"`) are written as escapes, so it stays one line.
    public init(_ description: String) { self.description = Self.oneLine(description) }

    /// An error at `line:column` of `file`.
    static func at(_ file: String, _ line: Int, _ column: Int, _ message: String) -> SweepError {
        SweepError("\(file):\(line):\(column): \(message)")
    }

    /// `text` with every control character and line separator as a Swift-style escape.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
