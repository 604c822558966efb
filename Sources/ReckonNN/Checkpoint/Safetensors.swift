import Foundation
import ReckonSupport
import ReckonTensor

/// Reads and writes F32 tensors in the safetensors format, byte-for-byte reproducibly.
///
/// Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (`{"__metadata__": {...}, "name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}`,
/// space-padded to a multiple of 8 so the data starts aligned), then the data buffer, with
/// offsets relative to its start. Writing sorts tensors and metadata keys by their UTF-8
/// bytes, as the reference implementation sorts names, so the same input always gives the
/// same bytes. Reading trusts nothing in the file: `JSONDecoder` reads the header, whose
/// length is capped, into a `SafetensorsHeader`, and every size in it is checked against the
/// file's own length before any tensor is allocated.
public enum Safetensors {
    /// The largest header accepted. Real headers are kilobytes (about 100 bytes a tensor). The
    /// reference implementation allows 100 MB, but JSONDecoder's map of a header takes about 25
    /// bytes of memory per header byte, so a hostile 100 MB header of numbers took 2.5 GB and
    /// 6 to 25 s; at 8 MiB it is bounded near 200 MB and 2 s.
    public static let maxHeaderLength = 8 << 20

    /// The file bytes for named tensors, in name order, with optional string metadata.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        encode(tensors.map { (name: $0.key, tensor: $0.value) }, metadata: metadata)
    }

    /// The file bytes for named tensors, in name order whatever the array's order.
    /// Names must be unique and not `__metadata__` (programmer errors).
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) -> Data {
        var seen = Set<String>()
        for (name, _) in tensors {
            precondition(
                name != metadataKey, "Safetensors.encode: \"__metadata__\" is reserved and cannot name a tensor")
            // Set uses String equality (canonical equivalence), the same test decode applies.
            precondition(
                seen.insert(name).inserted, "Safetensors.encode: duplicate tensor name \(name.debugDescription)")
        }
        let ordered = tensors.sorted { utf8Precedes($0.name, $1.name) }

        var header: [UInt8] = [UInt8(ascii: "{")]
        if !metadata.isEmpty {
            JSONString.append(metadataKey, to: &header)
            header.append(contentsOf: ":{".utf8)
            for (i, key) in metadata.keys.sorted(by: utf8Precedes).enumerated() {
                if i > 0 { header.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &header)
                header.append(UInt8(ascii: ":"))
                JSONString.append(metadata[key]!, to: &header)
            }
            header.append(UInt8(ascii: "}"))
        }
        var dataLength = 0
        for (i, (name, tensor)) in ordered.enumerated() {
            if i > 0 || !metadata.isEmpty { header.append(UInt8(ascii: ",")) }
            let (byteCount, o1) = tensor.count.multipliedReportingOverflow(by: 4)
            let (end, o2) = dataLength.addingReportingOverflow(byteCount)
            precondition(!o1 && !o2, "Safetensors.encode: total size overflows Int")
            JSONString.append(name, to: &header)
            header.append(contentsOf: ":{\"dtype\":\"F32\",\"shape\":[".utf8)
            header.append(contentsOf: tensor.shape.map(String.init).joined(separator: ",").utf8)
            header.append(contentsOf: "],\"data_offsets\":[\(dataLength),\(end)]}".utf8)
            dataLength = end
        }
        header.append(UInt8(ascii: "}"))
        // The reference pads with spaces so the data buffer starts 8-byte aligned.
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var out = Data(count: 8 + header.count + dataLength)
        out.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) in
            raw.storeBytes(of: UInt64(header.count).littleEndian, toByteOffset: 0, as: UInt64.self)
            header.withUnsafeBytes {
                raw.baseAddress!.advanced(by: 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
            }
            var position = 8 + header.count
            for (_, tensor) in ordered {
                tensor.withUnsafeBufferPointer { values in
                    guard values.count > 0 else { return }
                    #if _endian(little)
                    // Copying the bit patterns keeps NaN payloads and -0 exactly.
                    raw.baseAddress!.advanced(by: position).copyMemory(
                        from: values.baseAddress!, byteCount: values.count * 4)
                    #else
                    for (i, v) in values.enumerated() {
                        raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: position + 4 * i, as: UInt32.self)
                    }
                    #endif
                }
                position += tensor.count * 4
            }
        }
        return out
    }

    /// Writes named tensors to `url` atomically (see `AtomicFile`).
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata), to: url)
    }

    /// Writes named tensors to `url` atomically (see `AtomicFile`).
    public static func write(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL
    ) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata), to: url)
    }

    /// Reads and validates a safetensors file from `url`.
    public static func read(from url: URL) throws -> SafetensorsFile {
        try decode(readBytes(url.path))
    }

    /// The file's bytes through open/read, so a failure names the system's reason ("Is a
    /// directory") rather than Foundation's "NSCocoaErrorDomain error 256".
    private static func readBytes(_ path: String) throws -> Data {
        func failure(_ code: Int32) -> SafetensorsError {
            .fileUnreadable(path: path, reason: String(cString: strerror(code)))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno) }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(errno) }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw failure(EISDIR) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[0..<n])
        }
    }

    /// Parses and validates safetensors bytes; throws `SafetensorsError` for anything malformed.
    public static func decode(_ data: Data) throws -> SafetensorsFile {
        try data.withUnsafeBytes { try decode(bytes: $0) }
    }

    // MARK: Decoding

    /// The header key of the metadata map, which no tensor may take.
    static let metadataKey = "__metadata__"

    /// One tensor after its own checks, before the buffer-wide ones.
    private struct Placement {
        let name: String
        let shape: [Int]
        let count: Int
        let begin: Int
        let end: Int
        /// Position in the header: the tie-break that keeps sorting deterministic.
        let index: Int
    }

    static func decode(bytes: UnsafeRawBufferPointer) throws -> SafetensorsFile {
        guard bytes.count >= 8 else { throw SafetensorsError.fileTooShort(byteCount: bytes.count) }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << UInt64(8 * i) }
        // Both checks come before touching the header, so a hostile length costs nothing.
        guard length <= UInt64(maxHeaderLength) else {
            throw SafetensorsError.headerTooLarge(length: length, limit: maxHeaderLength)
        }
        guard length <= UInt64(bytes.count - 8) else {
            throw SafetensorsError.headerLengthPastEnd(length: length, available: bytes.count - 8)
        }
        let headerEnd = 8 + Int(length)
        let header = UnsafeRawBufferPointer(rebasing: bytes[8..<headerEnd])
        let buffer = UnsafeRawBufferPointer(rebasing: bytes[headerEnd...])

        guard isValidUTF8(header) else { throw SafetensorsError.headerNotUTF8 }
        let json = header.isEmpty ? Data() : Data(bytes: header.baseAddress!, count: header.count)
        let parsed = try SafetensorsHeader.decode(json)
        var placements: [Placement] = []
        placements.reserveCapacity(parsed.entries.count)
        for (index, entry) in parsed.entries.enumerated() {
            placements.append(try place(entry, index: index, bufferCount: buffer.count))
        }
        try checkCoverage(placements, bufferCount: buffer.count)

        // Only now allocate: every count*4 equals its byte range, and the ranges tile the
        // buffer, so the tensors together take exactly the buffer's size.
        var tensors: [String: Tensor] = [:]
        tensors.reserveCapacity(placements.count)
        for entry in placements {
            let storage = TensorStorage(uninitializedCount: entry.count)
            if entry.count > 0 {
                #if _endian(little)
                UnsafeMutableRawPointer(storage.pointer).copyMemory(
                    from: buffer.baseAddress!.advanced(by: entry.begin),
                    byteCount: entry.end - entry.begin)
                #else
                for i in 0..<entry.count {
                    let bits = buffer.loadUnaligned(fromByteOffset: entry.begin + 4 * i, as: UInt32.self)
                    storage.pointer[i] = Float(bitPattern: UInt32(littleEndian: bits))
                }
                #endif
            }
            tensors[entry.name] = Tensor(shape: entry.shape, storage: storage)
        }
        return SafetensorsFile(tensors: tensors, metadata: parsed.metadata, names: placements.map(\.name))
    }

    /// One tensor's own checks: an F32 dtype, offsets inside the buffer, and a shape whose size is their span.
    private static func place(_ entry: SafetensorsHeader.Entry, index: Int, bufferCount: Int) throws -> Placement {
        let name = entry.name
        guard entry.dtype == "F32" else { throw SafetensorsError.unsupportedDtype(tensor: name, dtype: entry.dtype) }
        guard case .value(let begin) = entry.begin, case .value(let end) = entry.end else {
            throw SafetensorsError.offsetsPastBuffer(
                tensor: name, offsets: entry.offsetsText,
                bufferByteCount: bufferCount)
        }
        guard begin <= end else { throw SafetensorsError.offsetsReversed(tensor: name, begin: begin, end: end) }
        guard end <= bufferCount else {
            throw SafetensorsError.offsetsPastBuffer(
                tensor: name, offsets: entry.offsetsText,
                bufferByteCount: bufferCount)
        }

        // Shape values are only believed once they agree with a byte range already inside the file.
        var shape: [Int] = []
        shape.reserveCapacity(entry.shape.count)
        var count = 1
        for extent in entry.shape {
            guard case .value(let d) = extent else {
                throw SafetensorsError.elementCountOverflow(tensor: name, shape: entry.shapeText)
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw SafetensorsError.elementCountOverflow(tensor: name, shape: entry.shapeText) }
            count = product
            shape.append(d)
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow else { throw SafetensorsError.elementCountOverflow(tensor: name, shape: entry.shapeText) }
        guard byteCount == end - begin else {
            throw SafetensorsError.byteCountMismatch(
                tensor: name, shape: shape, expected: byteCount, actual: end - begin)
        }
        return Placement(name: name, shape: shape, count: count, begin: begin, end: end, index: index)
    }

    /// The tensors must tile the buffer exactly: no overlaps (two tensors aliasing bytes),
    /// no gaps and no trailing bytes (room to smuggle data), as the reference reader requires.
    private static func checkCoverage(_ entries: [Placement], bufferCount: Int) throws {
        let sorted = entries.sorted { ($0.begin, $0.end, $0.index) < ($1.begin, $1.end, $1.index) }
        var covered = 0
        var previous: Placement?
        for entry in sorted {
            if entry.begin < covered, let previous {
                throw SafetensorsError.overlappingTensors(first: previous.name, second: entry.name)
            }
            if entry.begin > covered {
                throw SafetensorsError.gapInBuffer(start: covered, end: entry.begin, before: entry.name)
            }
            covered = entry.end
            previous = entry
        }
        if covered != bufferCount {
            throw SafetensorsError.unusedTrailingBytes(start: covered, count: bufferCount - covered)
        }
    }

    private static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    // MARK: Encoding helpers

    /// Byte order rather than Swift's Unicode order: what the reference (Rust `String` ordering) uses.
    private static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
