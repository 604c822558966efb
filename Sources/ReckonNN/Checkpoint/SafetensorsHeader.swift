import Foundation
import ReckonSupport

/// A safetensors header as `JSONDecoder` reads it: the tensors' entries in header order, and the metadata.
///
/// JSONDecoder checks the JSON; `init(from:)` checks each value's JSON type and turns every
/// mismatch into its own `SafetensorsError`. Whether dtypes, shapes and offsets fit the file is
/// checked on top, by `Safetensors.decode`.
struct SafetensorsHeader: Decodable {
    /// One tensor's entry as written; its numbers are not yet checked against the file.
    struct Entry {
        let name: String
        let dtype: String
        let shape: [Extent]
        let begin: Extent
        let end: Extent

        /// The shape as JSON, for messages.
        var shapeText: String { Extent.text(of: shape) }
        /// The data offsets as JSON, for messages.
        var offsetsText: String { Extent.text(of: [begin, end]) }
    }

    /// A non-negative JSON integer: its value, or the digits of one too large for Int.
    enum Extent: Equatable {
        case value(Int)
        case beyondInt(digits: String)

        /// `extents` as a JSON array, quoted as `JSONQuote` quotes.
        static func text(of extents: [Extent]) -> String {
            var text = "["
            for (i, extent) in extents.enumerated() {
                // A shape may have millions of entries; a quote needs only its start.
                guard text.count <= JSONQuote.limit else { break }
                if i > 0 { text += "," }
                switch extent {
                case .value(let n): text += String(n)
                case .beyondInt(let digits): text += digits
                }
            }
            return JSONQuote.cut(text + "]")
        }
    }

    /// Any member name: a header's keys are tensor names, known only once read.
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ stringValue: String) { self.stringValue = stringValue }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }

    /// The tensors' entries, in the order the header lists them.
    private(set) var entries: [Entry] = []
    /// The `__metadata__` map; empty when the header has none.
    private(set) var metadata: [String: String] = [:]

    /// Reads a header's bytes, which the caller has checked are UTF-8; throws only `SafetensorsError`.
    static func decode(_ json: Data) throws -> SafetensorsHeader {
        // JSONDecoder also reads UTF-16 and UTF-32, which it guesses from NUL bytes, and skips a
        // byte-order mark. A header is UTF-8 JSON, which has neither (a NUL must be escaped).
        if json.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw SafetensorsError.headerNotJSON(reason: "it starts with a byte-order mark")
        }
        if let nul = json.firstIndex(of: 0) {
            throw SafetensorsError.headerNotJSON(reason: "NUL byte at header byte \(nul - json.startIndex)")
        }
        let decoder = JSONDecoder()
        JSONKeyLog().install(on: decoder)
        do {
            return try decoder.decode(SafetensorsHeader.self, from: json)
        } catch let error as SafetensorsError {
            throw error
        } catch {
            throw SafetensorsError.headerNotJSON(reason: reason(error))
        }
    }

    init(from decoder: any Decoder) throws {
        let log = Self.keyLog(decoder)
        let header: KeyedDecodingContainer<Key>
        let names: [String]
        do {
            (header, names) = try log.open(refusingRepeats: Self.duplicate(in: "the header")) {
                try decoder.container(keyedBy: Key.self)
            }
        } catch let error as DecodingError where error.isTypeMismatch {
            throw SafetensorsError.headerNotObject
        }
        entries.reserveCapacity(names.count)
        for name in names {
            if name == Safetensors.metadataKey {
                metadata = try Self.metadata(in: header, log: log)
            } else {
                entries.append(try Self.entry(named: name, in: header, log: log))
            }
        }
    }

    private static func metadata(in header: KeyedDecodingContainer<Key>, log: JSONKeyLog) throws -> [String: String] {
        let key = Key(Safetensors.metadataKey)
        let map: KeyedDecodingContainer<Key>
        let names: [String]
        do {
            (map, names) = try log.open(refusingRepeats: duplicate(in: Safetensors.metadataKey)) {
                try header.nestedContainer(keyedBy: Key.self, forKey: key)
            }
        } catch let error as DecodingError where error.isTypeMismatch {
            let found = try header.decode(JSONQuote.self, forKey: key)
            throw SafetensorsError.metadataNotStringMap(reason: "it is \(found.kind.noun)")
        }
        var metadata: [String: String] = [:]
        for name in names {
            do {
                metadata[name] = try map.decode(String.self, forKey: Key(name))
            } catch let error as DecodingError where error.isTypeMismatch {
                let found = try map.decode(JSONQuote.self, forKey: Key(name))
                let reason = "the value of \(name.debugDescription) is \(found.kind.noun)"
                throw SafetensorsError.metadataNotStringMap(reason: reason)
            }
        }
        return metadata
    }

    private static func entry(
        named name: String, in header: KeyedDecodingContainer<Key>, log: JSONKeyLog
    ) throws -> Entry {
        let fields: KeyedDecodingContainer<Key>
        do {
            (fields, _) = try log.open(refusingRepeats: duplicate(in: "tensor \(name.debugDescription)")) {
                try header.nestedContainer(keyedBy: Key.self, forKey: Key(name))
            }
        } catch let error as DecodingError where error.isTypeMismatch {
            // Read it in full first: a malformed value is malformed JSON, not a value of the wrong type.
            _ = try header.decode(JSONQuote.self, forKey: Key(name))
            throw SafetensorsError.entryNotObject(tensor: name)
        }
        // Unknown fields are ignored, as the reference reader does.
        let dtype = try field("dtype", of: name, in: fields, expected: "a string") {
            try fields.decode(String.self, forKey: $0)
        }
        let shape = try field("shape", of: name, in: fields, expected: "an array of non-negative integers") { key in
            var array = try fields.nestedUnkeyedContainer(forKey: key)
            var shape: [Extent] = []
            shape.reserveCapacity(array.count ?? 0)
            while !array.isAtEnd {
                switch try array.decode(Element.self) {
                case .extent(let extent): shape.append(extent)
                case .other(let text): throw SafetensorsError.invalidDimension(tensor: name, dimension: text)
                }
            }
            return shape
        }
        let pair = "an array of two non-negative integers"
        let offsets = try field("data_offsets", of: name, in: fields, expected: pair) { key in
            var array = try fields.nestedUnkeyedContainer(forKey: key)
            var offsets: [Extent] = []
            while !array.isAtEnd {
                guard offsets.count < 2, case .extent(let offset) = try array.decode(Element.self) else {
                    throw WrongType()
                }
                offsets.append(offset)
            }
            guard offsets.count == 2 else { throw WrongType() }
            return offsets
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// Thrown by a field's reader for a value of the right JSON type but the wrong form.
    private struct WrongType: Error {}

    /// Reads field `field` of tensor `tensor` with `read`, naming the field when it is absent or of the wrong type.
    private static func field<T>(
        _ field: String, of tensor: String, in fields: KeyedDecodingContainer<Key>,
        expected: String, _ read: (Key) throws -> T
    ) throws -> T {
        let key = Key(field)
        guard fields.contains(key) else { throw SafetensorsError.missingField(tensor: tensor, field: field) }
        do {
            return try read(key)
        } catch let error where error is WrongType || (error as? DecodingError)?.isTypeMismatch == true {
            let found = try fields.decode(JSONQuote.self, forKey: key)
            throw SafetensorsError.wrongFieldType(tensor: tensor, field: field, expected: expected, found: found.text)
        }
    }

    /// One element of a shape or data_offsets array.
    private enum Element: Decodable {
        case extent(Extent)
        /// Anything but a non-negative integer, quoted.
        case other(String)

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            do {
                // JSONDecoder also reads an integral number written with a fraction or exponent (4.0, 1e2).
                let n = try value.decode(Int.self)
                self = n >= 0 ? .extent(.value(n)) : .other(String(n))
            } catch let error as DecodingError where error.isTypeMismatch {
                self = .other(try JSONQuote(from: decoder).text)
            } catch {
                // A number Int cannot hold, or a malformed one, which Double cannot read either.
                guard let double = try? value.decode(Double.self) else { throw error }
                let text = try JSONQuote(from: decoder).text
                self = double >= 0x1p63 ? .extent(.beyondInt(digits: text)) : .other(text)
            }
        }
    }

    /// JSONDecoder's reason for refusing the JSON, on one line. (On Linux it names no position.)
    private static func reason(_ error: any Error) -> String {
        var text = "\(error)"
        if case DecodingError.dataCorrupted(let context) = error {
            text = context.debugDescription
            if let underlying = context.underlyingError { text += " (\(underlying))" }
        }
        return String(text.map { $0.isNewline ? " " : $0 })
    }

    /// The key log `decode` installed: the header's keys in order, repeats included.
    private static func keyLog(_ decoder: any Decoder) -> JSONKeyLog {
        guard let log = JSONKeyLog.of(decoder) else {
            preconditionFailure("decode a safetensors header through SafetensorsHeader.decode(_:)")
        }
        return log
    }

    /// The error for a key repeated in `scope`.
    private static func duplicate(in scope: String) -> (String) -> any Error {
        { SafetensorsError.duplicateKey(key: $0, scope: scope) }
    }
}
