import Foundation

/// A JSON value, written back compactly and cut short, to quote it in an error message (a safetensors
/// header's, a config file's).
///
/// Decoding one also checks the value as far as the quote reaches, so a malformed value there
/// throws as malformed JSON rather than passing for a value of the wrong type (JSONDecoder checks
/// strings and numbers only when they are read).
public struct JSONQuote: Decodable, Sendable {
    /// A JSON type, named as messages name it.
    public enum Kind: Sendable {
        case object, array, string, number, bool, null

        public var noun: String {
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
    public static let limit = 64

    /// The value's JSON type.
    public let kind: Kind
    /// The value as compact JSON, cut to about `limit` characters.
    public let text: String

    public init(from decoder: any Decoder) throws {
        var out = Output()
        kind = try Self.write(decoder, to: &out)
        text = out.isCut ? String(out.text.prefix(Self.limit)) + "..." : Self.cut(out.text)
    }

    /// `text`, cut to `limit` characters.
    public static func cut(_ text: String) -> String {
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
        let opened = try ifOfType { try keyedContainer(decoder) }
        if case (let object, let keys)? = opened {
            out.text += "{"
            for (i, key) in keys.enumerated() {
                guard !out.isFull else {
                    out.isCut = true
                    break
                }
                if i > 0 { out.text += "," }
                out.text += string(key) + ":"
                _ = try write(object.superDecoder(forKey: AnyKey(key)), to: &out)
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

    /// A JSON string literal, escaped as the safetensors writer escapes.
    private static func string(_ s: String) -> String { JSONString.literal(s) }

    /// An object's container and its keys: in document order when the decoder has a `JSONKeyLog`,
    /// else in name order (a keyed container keeps no order).
    private static func keyedContainer(
        _ decoder: any Decoder
    ) throws -> (KeyedDecodingContainer<AnyKey>, [String]) {
        if let log = JSONKeyLog.of(decoder) {
            return try log.open { try decoder.container(keyedBy: AnyKey.self) }
        }
        let object = try decoder.container(keyedBy: AnyKey.self)
        return (object, object.allKeys.map(\.stringValue).sorted())
    }

    /// Any member name.
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ stringValue: String) { self.stringValue = stringValue }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }
}
