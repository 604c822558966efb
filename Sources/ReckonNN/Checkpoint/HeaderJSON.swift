/// A strict, allocation-light JSON reader for safetensors headers.
///
/// Why not JSONSerialization: it loses key order (we report names in file order), silently
/// keeps one of two duplicate keys, turns `true` into the number 1 on Darwin, and builds an
/// object per number, so a hostile 100 MB header of `[0,0,0,...]` would cost gigabytes.
/// Here `validate` checks the whole header against RFC 8259 first (no allocation, nesting
/// capped), and the decoder then walks it once with a cursor, keeping only what it needs.
struct HeaderJSON {
    /// Deeper than any safetensors header needs (3 levels), shallow enough that the
    /// recursive validator cannot exhaust the stack.
    static let maxDepth = 64

    /// A syntax error and the byte offset in the header where it was found.
    struct SyntaxError: Error {
        let message: String
        let offset: Int
    }

    /// The kind of the value under the cursor.
    enum Kind: Equatable {
        case object, array, string, number, bool, null

        /// How an error message names a value of this kind.
        var noun: String {
            switch self {
            case .object: return "an object"
            case .array: return "an array"
            case .string: return "a string"
            case .number: return "a number"
            case .bool: return "a boolean"
            case .null: return "null"
            }
        }
    }

    let bytes: UnsafeRawBufferPointer
    /// The cursor's byte offset; callers rewind it to re-read a value for an error message.
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Throws unless `bytes` are exactly one JSON value (plus whitespace) nested at most `maxDepth` deep.
    /// Assumes the bytes are valid UTF-8 (checked by the caller).
    static func validate(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = HeaderJSON(bytes)
        reader.skipWhitespace()
        try reader.validateValue(depth: 1)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.syntaxError("unexpected text after the top-level value") }
    }

    // MARK: Cursor API, for headers that passed `validate`

    /// The kind of the next value (skips leading whitespace).
    mutating func kind() -> Kind {
        skipWhitespace()
        switch current {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    /// Steps into the object under the cursor; then call `nextKey()` until it returns nil.
    mutating func enterObject() {
        skipWhitespace()
        position += 1
    }

    /// The next member's key, leaving the cursor at its value; nil (and past the `}`) at the end.
    mutating func nextKey() -> String? {
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return nil }
        if current == UInt8(ascii: ",") { position += 1; skipWhitespace() }
        let key = readString()
        skipWhitespace()
        position += 1  // ':'
        return key
    }

    /// Steps into the array under the cursor; then call `nextElement()` until it returns false.
    mutating func enterArray() {
        skipWhitespace()
        position += 1
    }

    /// Whether another element follows, leaving the cursor at it; false (and past the `]`) at the end.
    mutating func nextElement() -> Bool {
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return false }
        if current == UInt8(ascii: ",") { position += 1; skipWhitespace() }
        return true
    }

    /// Reads the string under the cursor, resolving escapes.
    mutating func readString() -> String {
        skipWhitespace()
        position += 1  // opening quote
        let start = position
        var hasEscape = false
        while let c = current, c != UInt8(ascii: "\"") {
            if c == UInt8(ascii: "\\") { hasEscape = true; position += 1 }
            position += 1
        }
        let end = position
        position += 1  // closing quote
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        return hasEscape ? HeaderJSON.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }

    /// Reads the number under the cursor: its value if it is a plain integer literal (no
    /// fraction or exponent), `.tooLarge`/`.tooSmall` if such a literal does not fit in Int,
    /// nil for any other number. Works on the bytes: millions of shape entries must not each cost a String.
    mutating func readInteger() -> IntegerLiteral? {
        skipWhitespace()
        let negative = current == UInt8(ascii: "-")
        if negative { position += 1 }
        var value = 0
        var overflow = false
        while let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
            let digit = Int(c - UInt8(ascii: "0"))
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            // Accumulating negatives downwards reaches Int.min, which has no positive twin.
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if o1 || o2 { overflow = true } else { value = next }
            position += 1
        }
        var isInteger = true
        while let c = current, HeaderJSON.isNumberByte(c) { isInteger = false; position += 1 }
        guard isInteger else { return nil }
        if overflow { return negative ? .tooSmall : .tooLarge }
        return .value(value)
    }

    /// Skips the value under the cursor and returns its text (on one line, cut at 64 characters) for messages.
    mutating func skipValue() -> String {
        skipWhitespace()
        let start = position
        // Cannot fail: the header passed `validate`, which walks the same grammar.
        try? validateValue(depth: 1)
        // Decode only a bounded prefix: the skipped value may be a 100 MB array.
        let end = min(position, start + 256)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        // Whitespace between tokens may be newlines; raw control characters cannot occur inside strings.
        let oneLine = String(text.prefix(64).map { $0.isNewline || $0 == "\t" ? " " : $0 })
        return oneLine.count < text.count || end < position ? oneLine + "..." : oneLine
    }

    /// A JSON integer literal, or which side of Int's range it fell off.
    enum IntegerLiteral: Equatable {
        case value(Int)
        case tooLarge
        case tooSmall
    }

    // MARK: Validation

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
    }

    func syntaxError(_ message: String) -> SyntaxError { SyntaxError(message: message, offset: position) }

    private mutating func validateValue(depth: Int) throws {
        guard depth <= HeaderJSON.maxDepth else { throw syntaxError("nesting deeper than \(HeaderJSON.maxDepth) levels") }
        switch current {
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return }
            while true {
                guard current == UInt8(ascii: "\"") else { throw syntaxError("expected a string key") }
                try validateString()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw syntaxError("expected ':' after a key") }
                position += 1
                skipWhitespace()
                try validateValue(depth: depth + 1)
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; skipWhitespace(); continue }
                if current == UInt8(ascii: "}") { position += 1; return }
                throw syntaxError("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return }
            while true {
                try validateValue(depth: depth + 1)
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; skipWhitespace(); continue }
                if current == UInt8(ascii: "]") { position += 1; return }
                throw syntaxError("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            try validateString()
        case UInt8(ascii: "t"):
            try validateLiteral("true")
        case UInt8(ascii: "f"):
            try validateLiteral("false")
        case UInt8(ascii: "n"):
            try validateLiteral("null")
        case let c? where c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")):
            try validateNumber()
        case nil:
            throw syntaxError("unexpected end of header")
        default:
            throw syntaxError("unexpected character")
        }
    }

    private mutating func validateLiteral(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard bytes.count - position >= n,
              (0..<n).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] })
        else { throw syntaxError("invalid literal") }
        position += n
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func validateNumber() throws {
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw syntaxError("invalid number") }
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw syntaxError("invalid number: no digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw syntaxError("invalid number: no digits in exponent") }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    private mutating func validateString() throws {
        position += 1  // opening quote
        while true {
            guard let c = current else { throw syntaxError("unterminated string") }
            switch c {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"):
                position += 1
                guard let e = current else { throw syntaxError("unterminated string") }
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    position += 1
                    guard let unit = hex4(at: position) else { throw syntaxError("invalid \\u escape") }
                    position += 4
                    if (0xDC00...0xDFFF).contains(unit) { throw syntaxError("unpaired surrogate in \\u escape") }
                    if (0xD800...0xDBFF).contains(unit) {
                        // A high surrogate is only a character together with the low one after it.
                        guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                              bytes[position + 1] == UInt8(ascii: "u"),
                              let low = hex4(at: position + 2), (0xDC00...0xDFFF).contains(low)
                        else { throw syntaxError("unpaired surrogate in \\u escape") }
                        position += 6
                    }
                default:
                    throw syntaxError("invalid escape in string")
                }
            case 0..<0x20:
                throw syntaxError("unescaped control character in string")
            default:
                position += 1
            }
        }
    }

    private func hex4(at offset: Int) -> UInt32? {
        guard bytes.count - offset >= 4 else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 {
            guard let digit = HeaderJSON.hexValue(bytes[offset + i]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func isNumberByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
            || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
    }

    /// Resolves the escapes of a validated string body.
    private static func unescape(_ raw: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex(_ at: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | (hexValue(raw[at + $1]) ?? 0) }
        }
        while i < raw.count {
            let c = raw[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex(i + 2) - 0xDC00)
                    i += 6
                }
                // Validation rules out unpaired surrogates, so the fallback never triggers.
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
