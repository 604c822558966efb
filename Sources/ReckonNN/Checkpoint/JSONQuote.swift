import Foundation

/// A JSON value from a safetensors header, written back compactly and cut short, to quote it in an error message.
///
/// Decoding one also checks the value as far as the quote reaches, so a malformed value there
/// throws as malformed JSON rather than passing for a value of the wrong type (JSONDecoder checks
/// strings and numbers only when they are read).
struct JSONQuote: Decodable {
    /// A JSON type, named as messages name it.
    enum Kind {
        case object, array, string, number, bool, null

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

    /// Quotes longer than this many characters are cut, and end in "...".
    static let limit = 64

    let kind: Kind
    let text: String

    init(from decoder: any Decoder) throws {
        var out = Output()
        kind = try Self.write(decoder, to: &out)
        text = out.isCut ? String(out.text.prefix(Self.limit)) + "..." : Self.cut(out.text)
    }

    /// `text`, cut to `limit` characters.
    static func cut(_ text: String) -> String {
        text.count > limit ? String(text.prefix(limit)) + "..." : text
    }

    /// The quote so far. Writing stops once it is past the limit, which also bounds how deep it recurses.
    private struct Output {
        var text = ""
        /// Whether values were left out.
        var isCut = false
        var isFull: Bool { text.count > JSONQuote.limit }
    }

    private static func write(_ decoder: any Decoder, to out: inout Output) throws -> Kind {
        let log = SafetensorsHeader.KeyLog.of(decoder)
        let opened = try ifOfType {
            try log.open(refusingRepeatsIn: nil) { try decoder.container(keyedBy: SafetensorsHeader.Key.self) }
        }
        if case (let object, let keys)? = opened {
            out.text += "{"
            for (i, key) in keys.enumerated() {
                guard !out.isFull else {
                    out.isCut = true
                    break
                }
                if i > 0 { out.text += "," }
                out.text += string(key) + ":"
                _ = try write(object.superDecoder(forKey: SafetensorsHeader.Key(key)), to: &out)
            }
            out.text += "}"
            return .object
        }
        if var array = try ifOfType({ try decoder.unkeyedContainer() }) {
            out.text += "["
            var first = true
            while !array.isAtEnd {
                guard !out.isFull else {
                    out.isCut = true
                    break
                }
                if !first { out.text += "," }
                first = false
                _ = try write(array.superDecoder(), to: &out)
            }
            out.text += "]"
            return .array
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            out.text += "null"
            return .null
        }
        if let bool = try ifOfType({ try value.decode(Bool.self) }) {
            out.text += bool ? "true" : "false"
            return .bool
        }
        if let string = try ifOfType({ try value.decode(String.self) }) {
            out.text += Self.string(String(string.prefix(limit + 1)))
            return .string
        }
        // Only a number is left. Int reads integers exactly, Decimal keeps up to 38 digits of
        // longer ones, and Double reads the rest; what none reads is malformed.
        if let n = try? value.decode(Int.self) {
            out.text += String(n)
        } else if let n = try? value.decode(Decimal.self) {
            out.text += "\(n)"
        } else {
            out.text += "\(try value.decode(Double.self))"
        }
        return .number
    }

    /// `body`'s result, or nil if the value is of another JSON type; a malformed value still throws.
    private static func ifOfType<T>(_ body: () throws -> T) throws -> T? {
        do {
            return try body()
        } catch let error as DecodingError where error.isTypeMismatch {
            return nil
        }
    }

    /// A JSON string literal, escaped as the writer escapes.
    private static func string(_ s: String) -> String {
        var bytes: [UInt8] = []
        Safetensors.appendJSONString(s, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
