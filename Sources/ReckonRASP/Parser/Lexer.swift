/// Splits `.rasp` text into tokens. A newline ends a statement unless it is inside (), [] or {},
/// so long calls can span lines; `#` starts a comment that runs to the end of the line.
enum Lexer {
    static let symbols = [
        "->", "==", "!=", "<=", ">=", "<", ">", "=", "+", "-", "*", "/", "%",
        "(", ")", "[", "]", "{", "}", ",", ":", ";",
    ]

    static func tokens(_ text: String) throws -> [Token] {
        let chars = Array(text.unicodeScalars)
        var out: [Token] = []
        var i = 0
        var line = 1
        var column = 1
        var depth = 0
        func here() -> SourceLocation { SourceLocation(line: line, column: column) }
        func advance(_ n: Int = 1) {
            for _ in 0..<n {
                if chars[i] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                i += 1
            }
        }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isIdentStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
        }

        while i < chars.count {
            let c = chars[i]
            let start = here()
            if c == "#" {
                while i < chars.count && chars[i] != "\n" { advance() }
            } else if c == "\n" {
                if depth == 0, let last = out.last, last.kind != .newline {
                    out.append(Token(kind: .newline, location: start))
                }
                advance()
            } else if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if isDigit(c) {
                var j = i
                while j < chars.count && isDigit(chars[j]) { j += 1 }
                if j + 1 < chars.count && chars[j] == "." && isDigit(chars[j + 1]) {
                    j += 1
                    while j < chars.count && isDigit(chars[j]) { j += 1 }
                }
                if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                    var k = j + 1
                    if k < chars.count && (chars[k] == "+" || chars[k] == "-") { k += 1 }
                    if k < chars.count && isDigit(chars[k]) {
                        while k < chars.count && isDigit(chars[k]) { k += 1 }
                        j = k
                    }
                }
                let literal = String(String.UnicodeScalarView(chars[i..<j]))
                guard let d = Double(literal), d.isFinite else {
                    throw ParseError(start, "the number \(literal) is too large")
                }
                if j < chars.count && isIdentStart(chars[j]) {
                    throw ParseError(start, "a name cannot start with a digit")
                }
                out.append(Token(kind: .number(d), location: start))
                advance(j - i)
            } else if isIdentStart(c) {
                var j = i
                while j < chars.count && (isIdentStart(chars[j]) || isDigit(chars[j])) { j += 1 }
                out.append(Token(kind: .identifier(String(String.UnicodeScalarView(chars[i..<j]))), location: start))
                advance(j - i)
            } else if c == "\"" || c == "'" {
                advance()
                var s = String.UnicodeScalarView()
                while true {
                    guard i < chars.count, chars[i] != "\n" else {
                        throw ParseError(start, "this string has no closing \(c == "\"" ? "double quote" : "quote")")
                    }
                    let d = chars[i]
                    if d == c {
                        advance()
                        break
                    }
                    if d == "\\" {
                        guard i + 1 < chars.count else { throw ParseError(here(), "a backslash ends the file") }
                        let e = chars[i + 1]
                        switch e {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        case "\\", "\"", "'": s.append(e)
                        default: throw ParseError(here(), "unknown escape \\\(e) (use \\n, \\t, \\\\, \\\" or \\')")
                        }
                        advance(2)
                    } else {
                        s.append(d)
                        advance()
                    }
                }
                out.append(Token(kind: .string(String(s)), location: start))
            } else {
                let rest = String(String.UnicodeScalarView(chars[i..<Swift.min(i + 2, chars.count)]))
                guard let symbol = symbols.first(where: { rest.hasPrefix($0) }) else {
                    throw ParseError(start, "unexpected character '\(c)'")
                }
                if ["(", "[", "{"].contains(symbol) { depth += 1 }
                if [")", "]", "}"].contains(symbol) { depth = Swift.max(0, depth - 1) }
                if symbol == ";" {
                    if let last = out.last, last.kind != .newline { out.append(Token(kind: .newline, location: start)) }
                } else {
                    out.append(Token(kind: .symbol(symbol), location: start))
                }
                advance(symbol.unicodeScalars.count)
            }
        }
        if let last = out.last, last.kind != .newline { out.append(Token(kind: .newline, location: here())) }
        out.append(Token(kind: .end, location: here()))
        return out
    }
}
