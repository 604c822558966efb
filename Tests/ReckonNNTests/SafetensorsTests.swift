import Foundation
import ReckonSupport
import ReckonTensor
import ReckonTestSupport
import Testing

@testable import ReckonNN

/// A safetensors file assembled by hand, so malformed headers can be written exactly.
private func file(header: String, buffer: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
    let h = Array(header.utf8)
    var out = Data()
    withUnsafeBytes(of: (declaredLength ?? UInt64(h.count)).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: h)
    out.append(contentsOf: buffer)
    return out
}

/// One F32 entry, as a JSON member.
private func entry(_ name: String, shape: String, offsets: String, dtype: String = "\"F32\"") -> String {
    "\"\(name)\":{\"dtype\":\(dtype),\"shape\":\(shape),\"data_offsets\":\(offsets)}"
}

private func decodeError(_ data: Data) -> Error? {
    do {
        _ = try Safetensors.decode(data)
        return nil
    } catch {
        return error
    }
}

/// Decoding must throw exactly `expected`, and its message must be one non-empty line.
private func expectRejected(
    _ data: Data, _ expected: SafetensorsError, sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = decodeError(data)
    #expect(error as? SafetensorsError == expected, "got \(String(describing: error))", sourceLocation: sourceLocation)
    expectOneLine(error, sourceLocation: sourceLocation)
}

/// Decoding must throw a SafetensorsError that `matches` accepts (for cases whose text varies).
private func expectRejected(
    _ data: Data, sourceLocation: SourceLocation = #_sourceLocation, _ matches: (SafetensorsError) -> Bool
) {
    let error = decodeError(data)
    let typed = error as? SafetensorsError
    #expect(typed.map(matches) == true, "got \(String(describing: error))", sourceLocation: sourceLocation)
    expectOneLine(error, sourceLocation: sourceLocation)
}

private func expectOneLine(_ error: Error?, sourceLocation: SourceLocation) {
    guard let error = error as? SafetensorsError else { return }
    #expect(!error.description.isEmpty && !error.description.contains("\n"), "\(error)", sourceLocation: sourceLocation)
}

private func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

@Suite struct SafetensorsTests {
    // MARK: Writing and reading back

    @Test func roundTripKeepsShapesBitsAndMetadata() throws {
        let specials: [Float] = [
            Float(bitPattern: 0x7FC0_0123), -0.0, .infinity, -.infinity, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude,
        ]
        let tensors: [String: Tensor] = [
            "layer.0.weight": Tensor((0..<6).map { Float($0) * 0.5 - 1 }, shape: [2, 3]),
            "special": Tensor(specials, shape: [6]),
            "scalar": Tensor(scalar: 3.25),
            "empty": Tensor([], shape: [0, 5]),
            "also_empty": Tensor([], shape: [3, 0]),
            "weird \"name\"\n\u{1}é/🙂": Tensor([7, 8], shape: [1, 2, 1]),
        ]
        let metadata = ["format": "pt", "note": "line1\nline2 \"quoted\" \\ é 🙂", "": ""]
        let decoded = try Safetensors.decode(Safetensors.encode(tensors, metadata: metadata))

        #expect(decoded.metadata == metadata)
        #expect(decoded.names == tensors.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(Set(decoded.tensors.keys) == Set(tensors.keys))
        for (name, tensor) in tensors {
            let back = try #require(decoded[name])
            #expect(back.shape == tensor.shape, "\(name)")
            #expect(bits(back) == bits(tensor), "\(name)")
        }
    }

    @Test func roundTripThroughAFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("model.safetensors")
        let tensors = [(name: "b", tensor: Tensor([1, 2, 3], shape: [3])), (name: "a", tensor: Tensor(scalar: -1))]
        try Safetensors.write(tensors, metadata: ["step": "10"], to: url)
        let back = try Safetensors.read(from: url)
        #expect(back.names == ["a", "b"])
        #expect(back["b"]?.scalars == [1, 2, 3])
        #expect(back["a"]?.shape == [])
        #expect(back.metadata == ["step": "10"])
        #expect(try dir.contents() == ["model.safetensors"])
    }

    @Test func emptyFileRoundTrips() throws {
        let data = Safetensors.encode([String: Tensor]())
        #expect(data == file(header: "{}      "))
        let back = try Safetensors.decode(data)
        #expect(back.tensors.isEmpty && back.metadata.isEmpty && back.names.isEmpty)
    }

    /// Parses the bytes by hand, independently of the decoder, against the reference layout.
    @Test func layoutMatchesTheReferenceFormat() throws {
        let data = Safetensors.encode(
            ["b": Tensor([1, 2], shape: [2]), "a": Tensor([3], shape: [1, 1])], metadata: ["format": "pt"])
        let bytes = [UInt8](data)
        let n = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        #expect(n % 8 == 0)
        let headerBytes = bytes[8..<(8 + Int(n))]
        let header = try #require(String(bytes: headerBytes, encoding: .utf8))

        // Compact JSON, __metadata__ first, names sorted, fields in the reference writer's order, space padding.
        let json =
            #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        #expect(header == json + String(repeating: " ", count: Int(n) - json.utf8.count))

        let object = try #require(JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any])
        #expect(object["__metadata__"] as? [String: String] == ["format": "pt"])
        let b = try #require(object["b"] as? [String: Any])
        #expect(b["dtype"] as? String == "F32")
        #expect(b["shape"] as? [Int] == [2])
        #expect(b["data_offsets"] as? [Int] == [4, 12])

        // Data: little-endian IEEE-754 floats, a's 3.0 then b's 1.0, 2.0; nothing after.
        let buffer = Array(bytes[(8 + Int(n))...])
        #expect(buffer == [0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40])
    }

    @Test func headerEscapesLikeTheReferenceWriter() throws {
        let data = Safetensors.encode(["q\"\\\n\u{1}/é": Tensor([], shape: [0])])
        let header = String(decoding: data[8...].prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
        #expect(header == #"{"q\"\\\n\u0001/é":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}"#)
    }

    /// The writer's bytes for a small file, computed independently (Python, serde_json's escaping) and
    /// checked against the writer before the reader moved to JSONDecoder (issue 14): checkpoints must
    /// stay byte-identical whatever happens to the reader.
    @Test func writerBytesAreUnchanged() {
        let tensors: [String: Tensor] = [
            "b": Tensor([1, 2], shape: [2]),
            "a": Tensor([Float(bitPattern: 0x7FC0_0123), -0.0, .infinity], shape: [1, 3]),
            "q\"\\\n\u{1}é/🙂": Tensor([], shape: [0, 2]),
            "s": Tensor(scalar: -3.5),
        ]
        let data = Safetensors.encode(tensors, metadata: ["format": "pt", "note": "line\n\"q\" é\t\u{7F}", "": ""])
        let golden = """
            OAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyIiOiIiLCJmb3JtYXQiOiJwdCIsIm5vdGUiOiJsaW5lXG5cInFcIiDDqVx0fyJ9LCJh\
            Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsxLDNdLCJkYXRhX29mZnNldHMiOlswLDEyXX0sImIiOnsiZHR5cGUiOiJGMzIiLCJz\
            aGFwZSI6WzJdLCJkYXRhX29mZnNldHMiOlsxMiwyMF19LCJxXCJcXFxuXHUwMDAxw6kv8J+ZgiI6eyJkdHlwZSI6IkYzMiIsInNo\
            YXBlIjpbMCwyXSwiZGF0YV9vZmZzZXRzIjpbMjAsMjBdfSwicyI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbXSwiZGF0YV9vZmZz\
            ZXRzIjpbMjAsMjRdfX0gICAgICAjAcB/AAAAgAAAgH8AAIA/AAAAQAAAYMA=
            """
        #expect(data.base64EncodedString() == golden, "now: \(data.base64EncodedString())")
    }

    @Test func encodingIsDeterministic() {
        var rng = RandomGenerator(seed: 7)
        var pairs = (0..<20).map { (name: "t\($0)", tensor: Tensor.normal([3, $0 % 4], rng: &rng)) }
        let metadata = Dictionary(uniqueKeysWithValues: (0..<20).map { ("k\($0)", "v\($0)") })
        let first = Safetensors.encode(pairs, metadata: metadata)
        #expect(Safetensors.encode(pairs, metadata: metadata) == first)
        rng.shuffle(&pairs)
        #expect(Safetensors.encode(pairs, metadata: metadata) == first)
        let dictionary = Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.tensor) })
        #expect(Safetensors.encode(dictionary, metadata: metadata) == first)
    }

    @Test func readsFilesFromOtherWriters() throws {
        // Unpadded header, metadata last, extra whitespace, an unknown field, names unsorted:
        // all legal, and names come back in header order.
        let header =
            #" { "z" : {"shape":[1],"dtype":"F32","data_offsets":[0,4],"extra":{"x":[1]}}, "a": "#
            + #"{"dtype":"F32","shape":[],"data_offsets":[4,8]}, "__metadata__": {} }"#
        let back = try Safetensors.decode(file(header: header, buffer: [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]))
        #expect(back.names == ["z", "a"])
        #expect(back["z"]?.scalars == [1])
        #expect(back["a"]?.scalars == [2])
        #expect(back.metadata.isEmpty)
    }

    /// Names come back in header order however many there are (JSONDecoder's containers keep none).
    @Test func namesComeBackInHeaderOrder() throws {
        let names = (0..<300).map { "t\((300 - $0) * 7919 % 1000)" }
        let header = "{" + names.map { entry($0, shape: "[0]", offsets: "[0,0]") }.joined(separator: ",") + "}"
        #expect(try Safetensors.decode(file(header: header)).names == names)
    }

    @Test func zeroSizeTensorsMayShareAnOffset() throws {
        let header =
            "{"
            + [
                entry("a", shape: "[1]", offsets: "[0,4]"), entry("e", shape: "[0]", offsets: "[4,4]"),
                entry("f", shape: "[2,0]", offsets: "[4,4]"), entry("g", shape: "[0]", offsets: "[0,0]"),
            ].joined(separator: ",") + "}"
        let back = try Safetensors.decode(file(header: header, buffer: [0, 0, 0, 0]))
        #expect(back.names == ["a", "e", "f", "g"])
        #expect(back["f"]?.shape == [2, 0])
    }

    // MARK: Rejections, one per malformation

    @Test func rejectsFileShorterThanTheLength() {
        expectRejected(Data([1, 2, 3]), .fileTooShort(byteCount: 3))
        expectRejected(Data(), .fileTooShort(byteCount: 0))
    }

    @Test func rejectsHeaderOverTheCap() {
        let cap = 8 << 20
        #expect(Safetensors.maxHeaderLength == cap)
        expectRejected(file(header: "{}", declaredLength: UInt64.max), .headerTooLarge(length: UInt64.max, limit: cap))
        for length in [UInt64(cap) + 1, 100_000_000] {
            expectRejected(file(header: "{}", declaredLength: length), .headerTooLarge(length: length, limit: cap))
        }
    }

    @Test func rejectsHeaderLengthPastTheEnd() {
        expectRejected(file(header: "{}", declaredLength: 3), .headerLengthPastEnd(length: 3, available: 2))
        let cap = UInt64(Safetensors.maxHeaderLength)
        expectRejected(file(header: "", declaredLength: cap), .headerLengthPastEnd(length: cap, available: 0))
    }

    @Test func rejectsHeaderThatIsNotUTF8() {
        var data = file(header: "{\"a\":1}")
        data[10] = 0xFF
        expectRejected(data, .headerNotUTF8)
        expectRejected(
            // encoded surrogate
            file(header: "{\"\u{D7FF}\":1}").replacingBytes(at: 10, with: [0xED, 0xA0, 0x80]), .headerNotUTF8)
    }

    @Test(arguments: [
        "", "   ", "{", "{\"a\":}", "{a:1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":tru}", "{} {}", "{} x", "{}}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"open}",
        "{\"a\":NaN}", "{\"a\":1e}", "{\"a\":-}", "\u{0}{}", "{\"a\\x\":{}}",
        // JSONDecoder checks strings and numbers only when read; these sit where a tensor's fields are read.
        #"{"a":{"dtype":"F\u00","shape":[0],"data_offsets":[0,0]}}"#,
        #"{"a":{"dtype":"F32","shape":[01],"data_offsets":[0,0]}}"#,
        #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,-]}}"#, #"{"__metadata__":{"k":"\q"}}"#,
        // Numbers JSON allows but JSONDecoder cannot represent.
        #"{"a":{"dtype":"F32","shape":[1e400],"data_offsets":[0,0]}}"#,
        // A UTF-8 byte-order mark, NUL bytes, and UTF-16, all of which JSONDecoder would otherwise read.
        "\u{FEFF}{}", "{}\u{0}", "{\u{0}}\u{0}", "\u{0}{\u{0}}",
    ])
    func rejectsHeaderThatIsNotJSON(header: String) {
        expectRejected(file(header: header)) { if case .headerNotJSON = $0 { return true } else { return false } }
    }

    /// JSONDecoder accepts a trailing comma in an object or array, so a header with one is read as if it had none.
    @Test func trailingCommasAreReadAsJSONDecoderReadsThem() throws {
        expectRejected(file(header: "{\"a\":1,}"), .entryNotObject(tensor: "a"))
        let header = #"{"__metadata__":{"k":"v",},"a":{"dtype":"F32","shape":[1,],"data_offsets":[0,4]},}"#
        let back = try Safetensors.decode(file(header: header, buffer: [0, 0, 0x80, 0x3F]))
        #expect(back.metadata == ["k": "v"])
        #expect(back["a"]?.scalars == [1])
    }

    /// JSONDecoder refuses nesting past 512 levels while scanning, before any decoding recurses.
    @Test func rejectsDeepNestingWithoutExhaustingTheStack() {
        let depth = 200_000
        let inObject = "{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        expectRejected(file(header: inObject)) { if case .headerNotJSON = $0 { return true } else { return false } }
        let opened = String(repeating: "[", count: 100_000)
        let closed = opened + String(repeating: "]", count: 100_000)
        for header in [opened, closed, String(repeating: "{\"a\":", count: 100_000)] {
            expectRejected(file(header: header)) { if case .headerNotJSON = $0 { return true } else { return false } }
        }
        // Deep but within JSONDecoder's limit, where a field is read: refused as the wrong type, quoted briefly.
        let shape = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        expectRejected(file(header: "{" + entry("a", shape: "[0]", offsets: shape) + "}")) { error in
            guard case .wrongFieldType(_, _, _, let found) = error else { return false }
            return found == String(repeating: "[", count: 64) + "..."
        }
    }

    @Test(arguments: ["[]", "\"x\"", "3", "null", "true", "[{\"a\":1}]"])
    func rejectsHeaderThatIsNotAnObject(header: String) {
        expectRejected(file(header: header), .headerNotObject)
    }

    @Test func rejectsDuplicateTensorNames() {
        let a = entry("a", shape: "[0]", offsets: "[0,0]")
        expectRejected(file(header: "{\(a),\(a)}"), .duplicateKey(key: "a", scope: "the header"))
        // Canonically equivalent names are one Swift String; they must not silently merge.
        let composed = entry("\u{E9}", shape: "[0]", offsets: "[0,0]")
        let decomposed = entry("e\u{301}", shape: "[0]", offsets: "[0,0]")
        expectRejected(file(header: "{\(composed),\(decomposed)}")) {
            if case .duplicateKey = $0 { return true } else { return false }
        }
        expectRejected(
            file(header: "{\"__metadata__\":{},\"__metadata__\":{}}"),
            .duplicateKey(key: "__metadata__", scope: "the header"))
    }

    @Test func rejectsDuplicateFieldsAndMetadataKeys() {
        expectRejected(
            file(header: #"{"a":{"dtype":"F32","dtype":"F32","shape":[0],"data_offsets":[0,0]}}"#),
            .duplicateKey(key: "dtype", scope: "tensor \"a\""))
        expectRejected(
            file(header: #"{"a":{"x":1,"dtype":"F32","shape":[0],"data_offsets":[0,0],"x":{}}}"#),
            .duplicateKey(key: "x", scope: "tensor \"a\""))
        // The same name escaped differently is still the same name.
        expectRejected(
            file(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"\u0061":{}}"#),
            .duplicateKey(key: "a", scope: "the header"))
        expectRejected(
            file(header: #"{"__metadata__":{"k":"1","k":"2"}}"#), .duplicateKey(key: "k", scope: "__metadata__"))
    }

    @Test(arguments: [#""x""#, "[]", "1", "null", #"{"k":1}"#, #"{"k":null}"#, #"{"k":["v"]}"#, #"{"k":{"n":"v"}}"#])
    func rejectsMetadataThatIsNotAStringMap(value: String) {
        expectRejected(file(header: "{\"__metadata__\":\(value)}")) {
            if case .metadataNotStringMap = $0 { return true } else { return false }
        }
    }

    @Test(arguments: ["1", "\"F32\"", "[]", "null"])
    func rejectsEntryThatIsNotAnObject(value: String) {
        expectRejected(file(header: "{\"a\":\(value)}"), .entryNotObject(tensor: "a"))
    }

    @Test func rejectsEntryMissingAField() {
        expectRejected(
            file(header: #"{"a":{"shape":[0],"data_offsets":[0,0]}}"#), .missingField(tensor: "a", field: "dtype"))
        expectRejected(
            file(header: #"{"a":{"dtype":"F32","data_offsets":[0,0]}}"#), .missingField(tensor: "a", field: "shape"))
        expectRejected(
            file(header: #"{"a":{"dtype":"F32","shape":[0]}}"#), .missingField(tensor: "a", field: "data_offsets"))
        expectRejected(file(header: #"{"a":{}}"#), .missingField(tensor: "a", field: "dtype"))
    }

    @Test func rejectsFieldsOfTheWrongType() {
        let shapes = "an array of non-negative integers"
        let offsets = "an array of two non-negative integers"
        expectRejected(
            file(header: "{" + entry("a", shape: "[0]", offsets: "[0,0]", dtype: "32") + "}"),
            .wrongFieldType(tensor: "a", field: "dtype", expected: "a string", found: "32"))
        expectRejected(
            file(header: "{" + entry("a", shape: "\"[0]\"", offsets: "[0,0]") + "}"),
            .wrongFieldType(tensor: "a", field: "shape", expected: shapes, found: "\"[0]\""))
        expectRejected(
            file(header: "{" + entry("a", shape: "0", offsets: "[0,0]") + "}"),
            .wrongFieldType(tensor: "a", field: "shape", expected: shapes, found: "0"))
        for bad in [
            "0", "[0]", "[0,0,0]", "[]", "[-1,0]", "[0,-4]", "[0.5,0]", "[\"0\",0]", "[0,null]", "{\"b\":0}",
            "{\"z\":0,\"a\":[1,\"\\n\"]}",
        ] {
            expectRejected(
                file(header: "{" + entry("a", shape: "[0]", offsets: bad) + "}"),
                .wrongFieldType(tensor: "a", field: "data_offsets", expected: offsets, found: bad))
        }
    }

    @Test(arguments: ["F16", "BF16", "F64", "I32", "U8", "f32", ""])
    func rejectsUnsupportedDtypeAndNamesIt(dtype: String) {
        let data = file(
            header: "{" + entry("w", shape: "[1]", offsets: "[0,4]", dtype: "\"\(dtype)\"") + "}", buffer: [0, 0, 0, 0])
        expectRejected(data, .unsupportedDtype(tensor: "w", dtype: dtype))
        #expect(SafetensorsError.unsupportedDtype(tensor: "w", dtype: dtype).description.contains("\"\(dtype)\""))
    }

    @Test(arguments: ["-1", "2.5", "-9999999999999999999999", "\"3\"", "true", "null", "[1]", "{\"n\":1}"])
    func rejectsDimensionsThatAreNotNonNegativeIntegers(dimension: String) {
        expectRejected(
            file(header: "{" + entry("a", shape: "[1,\(dimension)]", offsets: "[0,4]") + "}", buffer: [0, 0, 0, 0]),
            .invalidDimension(tensor: "a", dimension: dimension))
    }

    /// JSONDecoder reads an integral number written with a fraction or an exponent as that integer, so
    /// such a dimension or offset counts as one, and a quote shows the number as read, not as written.
    @Test func integralNumbersCountAsIntegersWhateverTheirForm() throws {
        let back = try Safetensors.decode(
            file(
                header: "{" + entry("a", shape: "[1e0,2.0]", offsets: "[0.0,8e0]") + "}",
                buffer: [UInt8](repeating: 0, count: 8)))
        #expect(back["a"]?.shape == [1, 2])
        expectRejected(
            file(header: "{" + entry("a", shape: "[1,1e2]", offsets: "[0,4]") + "}", buffer: [0, 0, 0, 0]),
            .byteCountMismatch(tensor: "a", shape: [1, 100], expected: 400, actual: 4))
        expectRejected(
            file(header: "{" + entry("a", shape: "[1,-0.0]", offsets: "[0,4]") + "}", buffer: [0, 0, 0, 0]),
            .byteCountMismatch(tensor: "a", shape: [1, 0], expected: 0, actual: 4))
        expectRejected(
            file(header: "{" + entry("a", shape: "[1,1.5e0]", offsets: "[0,4]") + "}", buffer: [0, 0, 0, 0]),
            .invalidDimension(tensor: "a", dimension: "1.5"))
    }

    @Test func rejectsOffsetsPastTheBuffer() {
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[4]", offsets: "[0,16]") + "}", buffer: [UInt8](repeating: 0, count: 8)
            ),
            .offsetsPastBuffer(tensor: "a", offsets: "[0,16]", bufferByteCount: 8))
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[0]", offsets: "[9,9]") + "}",
                buffer: [UInt8](repeating: 0, count: 8)),
            .offsetsPastBuffer(tensor: "a", offsets: "[9,9]", bufferByteCount: 8))
    }

    @Test func rejectsOffsetsWithBeginAfterEnd() {
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[1]", offsets: "[8,4]") + "}",
                buffer: [UInt8](repeating: 0, count: 8)),
            .offsetsReversed(tensor: "a", begin: 8, end: 4))
    }

    @Test func rejectsShapeThatDisagreesWithTheByteCount() {
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[3]", offsets: "[0,8]") + "}",
                buffer: [UInt8](repeating: 0, count: 8)),
            .byteCountMismatch(tensor: "a", shape: [3], expected: 12, actual: 8))
        expectRejected(
            file(header: "{" + entry("a", shape: "[]", offsets: "[0,0]") + "}"),
            .byteCountMismatch(tensor: "a", shape: [], expected: 4, actual: 0))
    }

    @Test func rejectsOverlappingTensors() {
        let header =
            "{" + entry("a", shape: "[2]", offsets: "[0,8]") + "," + entry("b", shape: "[2]", offsets: "[4,12]") + "}"
        expectRejected(
            file(header: header, buffer: [UInt8](repeating: 0, count: 12)), .overlappingTensors(first: "a", second: "b")
        )
        let same =
            "{" + entry("a", shape: "[2]", offsets: "[0,8]") + "," + entry("b", shape: "[2]", offsets: "[0,8]") + "}"
        expectRejected(
            file(header: same, buffer: [UInt8](repeating: 0, count: 8)), .overlappingTensors(first: "a", second: "b"))
        // An empty tensor placed inside another's bytes is rejected too, as by the reference reader.
        let inside =
            "{" + entry("a", shape: "[2]", offsets: "[0,8]") + "," + entry("e", shape: "[0]", offsets: "[4,4]") + "}"
        expectRejected(
            file(header: inside, buffer: [UInt8](repeating: 0, count: 8)), .overlappingTensors(first: "a", second: "e"))
    }

    @Test func rejectsGapsBetweenTensors() {
        let header =
            "{" + entry("a", shape: "[1]", offsets: "[0,4]") + "," + entry("b", shape: "[1]", offsets: "[8,12]") + "}"
        expectRejected(
            file(header: header, buffer: [UInt8](repeating: 0, count: 12)), .gapInBuffer(start: 4, end: 8, before: "b"))
        let leading = "{" + entry("b", shape: "[1]", offsets: "[4,8]") + "}"
        expectRejected(
            file(header: leading, buffer: [UInt8](repeating: 0, count: 8)), .gapInBuffer(start: 0, end: 4, before: "b"))
    }

    @Test func rejectsUnusedTrailingBytes() {
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[1]", offsets: "[0,4]") + "}",
                buffer: [UInt8](repeating: 0, count: 7)),
            .unusedTrailingBytes(start: 4, count: 3))
        expectRejected(file(header: "{}", buffer: [1]), .unusedTrailingBytes(start: 0, count: 1))
        var appended = Safetensors.encode(["a": Tensor([1])])
        appended.append(0)
        expectRejected(appended, .unusedTrailingBytes(start: 4, count: 1))
    }

    @Test func readReportsAMissingFile() {
        let url = URL(fileURLWithPath: "/nonexistent-reckon-dir/model.safetensors")
        let error = #expect(throws: SafetensorsError.self) { try Safetensors.read(from: url) }
        guard case .fileUnreadable(let path, _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(path == url.path)
        expectOneLine(error, sourceLocation: #_sourceLocation)
    }

    /// Issue 13: a directory where the checkpoint should be said "NSCocoaErrorDomain error 256".
    @Test func readNamesTheReasonForADirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = #expect(throws: SafetensorsError.self) { try Safetensors.read(from: dir) }
        #expect(error == .fileUnreadable(path: dir.path, reason: "Is a directory"))
        #expect(!"\(String(describing: error))".contains("NSCocoaErrorDomain"))
    }

    // MARK: Hostile headers

    @Test func hugeShapeIsRejectedWithoutAllocating() {
        let twoTo40 = "1099511627776"
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[\(twoTo40),\(twoTo40)]", offsets: "[0,4]") + "}",
                buffer: [0, 0, 0, 0]),
            .elementCountOverflow(tensor: "a", shape: "[\(twoTo40),\(twoTo40)]"))
        // Fits in Int as an element count, but times 4 bytes it does not.
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[4611686018427387904]", offsets: "[0,4]") + "}", buffer: [0, 0, 0, 0]),
            .elementCountOverflow(tensor: "a", shape: "[4611686018427387904]"))
        // A dimension beyond Int altogether.
        expectRejected(
            file(header: "{" + entry("a", shape: "[0,99999999999999999999999]", offsets: "[0,0]") + "}"),
            .elementCountOverflow(tensor: "a", shape: "[0,99999999999999999999999]"))
        // Representable, and believed only as far as the byte range: 2^40 elements cannot fit in 8 bytes.
        expectRejected(
            file(
                header: "{" + entry("a", shape: "[\(twoTo40)]", offsets: "[0,8]") + "}",
                buffer: [UInt8](repeating: 0, count: 8)),
            .byteCountMismatch(tensor: "a", shape: [1 << 40], expected: 1 << 42, actual: 8))
    }

    @Test func offsetsNearIntMaxAreRejected() {
        let buffer = [UInt8](repeating: 0, count: 8)
        let nearMax = "[9223372036854775800,9223372036854775807]"
        expectRejected(
            file(header: "{" + entry("a", shape: "[2]", offsets: nearMax) + "}", buffer: buffer),
            .offsetsPastBuffer(tensor: "a", offsets: nearMax, bufferByteCount: 8))
        let beyond = "[0,18446744073709551616]"
        expectRejected(
            file(header: "{" + entry("a", shape: "[2]", offsets: beyond) + "}", buffer: buffer),
            .offsetsPastBuffer(tensor: "a", offsets: beyond, bufferByteCount: 8))
        // end - begin would overflow if computed before the range checks.
        let wide = "[0,9223372036854775807]"
        expectRejected(
            file(header: "{" + entry("a", shape: "[2305843009213693952]", offsets: wide) + "}", buffer: buffer),
            .offsetsPastBuffer(tensor: "a", offsets: wide, bufferByteCount: 8))
    }

    /// A header as long as the cap allows, nearly all of it numbers in a field the reader ignores.
    @Test func headerAtTheCapIsRead() throws {
        let start = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":[0"#
        let end = "]}}"
        let zeros = (Safetensors.maxHeaderLength - start.utf8.count - end.utf8.count) / 2
        let header = start + String(repeating: ",0", count: zeros) + end
        #expect(header.utf8.count > Safetensors.maxHeaderLength - 2)
        #expect(try Safetensors.decode(file(header: header, buffer: [0, 0, 0, 0])).names == ["a"])
    }

    @Test func everyTruncationOfAValidFileIsRejected() {
        let data = Safetensors.encode(
            ["a": Tensor([1, 2, 3], shape: [3]), "b": Tensor(scalar: 4)], metadata: ["k": "v"])
        for length in 0..<data.count {
            let error = decodeError(data.prefix(length))
            #expect(error is SafetensorsError, "prefix \(length): \(String(describing: error))")
        }
    }

    @Test func corruptedFilesDecodeOrThrowATypedError() {
        let original = Safetensors.encode(
            ["a": Tensor([1, 2, 3], shape: [3]), "bb": Tensor([], shape: [0, 2]), "c": Tensor(scalar: 4)],
            metadata: ["k": "v"])
        var rng = RandomGenerator(seed: 42)
        let alphabet = Array("{}[]\":,0123456789-.eE \\u\u{0}\u{FF}".utf8)
        for _ in 0..<3000 {
            var data = original
            for _ in 0..<rng.nextInt(in: 1...3) {
                let i = rng.nextInt(below: data.count)
                data[i] = rng.nextBool() ? UInt8(truncatingIfNeeded: rng.next()) : rng.choice(alphabet)
            }
            let error = decodeError(data)
            #expect(error == nil || error is SafetensorsError, "\(String(describing: error))")
        }
    }
}

extension Data {
    fileprivate func replacingBytes(at offset: Int, with bytes: [UInt8]) -> Data {
        var copy = self
        copy.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        return copy
    }
}
