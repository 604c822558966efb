/// Why a safetensors file was rejected; each case prints as one line naming what was found.
public enum SafetensorsError: Error, CustomStringConvertible, Equatable {
    /// Fewer than the 8 bytes that hold the header length.
    case fileTooShort(byteCount: Int)
    /// The declared header length is above `Safetensors.maxHeaderLength`.
    case headerTooLarge(length: UInt64, limit: Int)
    /// The declared header length runs past the end of the file.
    case headerLengthPastEnd(length: UInt64, available: Int)
    /// The header bytes are not valid UTF-8.
    case headerNotUTF8
    /// The header is not valid JSON; `reason` says what and where.
    case headerNotJSON(reason: String)
    /// The header is valid JSON but not an object.
    case headerNotObject
    /// A key appears twice in `scope` (the header, `__metadata__`, or a tensor entry); JSON readers disagree on which
    /// wins.
    case duplicateKey(key: String, scope: String)
    /// `__metadata__` is not an object whose values are all strings.
    case metadataNotStringMap(reason: String)
    /// A tensor's entry is not a JSON object.
    case entryNotObject(tensor: String)
    /// A tensor's entry lacks `dtype`, `shape` or `data_offsets`.
    case missingField(tensor: String, field: String)
    /// A tensor's field has the wrong JSON type.
    case wrongFieldType(tensor: String, field: String, expected: String, found: String)
    /// A dtype other than F32, the only one Reckon stores.
    case unsupportedDtype(tensor: String, dtype: String)
    /// A shape entry that is not a non-negative integer.
    case invalidDimension(tensor: String, dimension: String)
    /// The shape's element count, or its byte count, does not fit in Int.
    case elementCountOverflow(tensor: String, shape: String)
    /// `data_offsets` has begin after end.
    case offsetsReversed(tensor: String, begin: Int, end: Int)
    /// `data_offsets` reaches past the end of the data buffer.
    case offsetsPastBuffer(tensor: String, offsets: String, bufferByteCount: Int)
    /// The shape's element count times 4 differs from the tensor's byte range.
    case byteCountMismatch(tensor: String, shape: [Int], expected: Int, actual: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingTensors(first: String, second: String)
    /// Bytes no tensor covers, before `before`; the reference format requires contiguous coverage.
    case gapInBuffer(start: Int, end: Int, before: String)
    /// Bytes after the last tensor that no tensor covers.
    case unusedTrailingBytes(start: Int, count: Int)
    /// The file could not be read at all.
    case fileUnreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileTooShort(let n):
            return "safetensors file is \(n) bytes, shorter than the 8-byte header length"
        case .headerTooLarge(let length, let limit):
            return "safetensors header length \(length) exceeds the limit of \(limit) bytes"
        case .headerLengthPastEnd(let length, let available):
            return
                "safetensors header length \(length) runs past the end of the file (\(available) bytes follow the "
                + "length)"
        case .headerNotUTF8:
            return "safetensors header is not valid UTF-8"
        case .headerNotJSON(let reason):
            return "safetensors header is not valid JSON: \(reason)"
        case .headerNotObject:
            return "safetensors header is not a JSON object"
        case .duplicateKey(let key, let scope):
            return "safetensors header repeats the key \(quoted(key)) in \(scope)"
        case .metadataNotStringMap(let reason):
            return "safetensors __metadata__ must map strings to strings: \(reason)"
        case .entryNotObject(let tensor):
            return "safetensors entry for tensor \(quoted(tensor)) is not a JSON object"
        case .missingField(let tensor, let field):
            return "safetensors tensor \(quoted(tensor)) has no \"\(field)\" field"
        case .wrongFieldType(let tensor, let field, let expected, let found):
            return "safetensors tensor \(quoted(tensor)) field \"\(field)\" must be \(expected), found \(found)"
        case .unsupportedDtype(let tensor, let dtype):
            return "safetensors tensor \(quoted(tensor)) has dtype \(quoted(dtype)); Reckon reads only F32"
        case .invalidDimension(let tensor, let dimension):
            return
                "safetensors tensor \(quoted(tensor)) has shape entry \(dimension); dimensions must be non-negative "
                + "integers"
        case .elementCountOverflow(let tensor, let shape):
            return "safetensors tensor \(quoted(tensor)) has shape \(shape), whose size overflows"
        case .offsetsReversed(let tensor, let begin, let end):
            return "safetensors tensor \(quoted(tensor)) has data_offsets [\(begin), \(end)] with begin after end"
        case .offsetsPastBuffer(let tensor, let offsets, let count):
            return
                "safetensors tensor \(quoted(tensor)) has data_offsets \(offsets) past the end of the \(count)-byte "
                + "data buffer"
        case .byteCountMismatch(let tensor, let shape, let expected, let actual):
            return
                "safetensors tensor \(quoted(tensor)) has shape \(shape) needing \(expected) bytes of F32, but "
                + "data_offsets span \(actual)"
        case .overlappingTensors(let first, let second):
            return "safetensors tensors \(quoted(first)) and \(quoted(second)) have overlapping data_offsets"
        case .gapInBuffer(let start, let end, let before):
            return
                "safetensors data bytes [\(start), \(end)) before tensor \(quoted(before)) belong to no tensor; "
                + "tensors must cover the buffer contiguously"
        case .unusedTrailingBytes(let start, let count):
            return "safetensors data buffer has \(count) bytes after offset \(start) that belong to no tensor"
        case .fileUnreadable(let path, let reason):
            return "cannot read safetensors file \(path): \(reason)"
        }
    }
}

/// Names from files can hold quotes or newlines; escaping keeps every message on one line.
private func quoted(_ s: String) -> String {
    let shown = s.count > 80 ? String(s.prefix(80)) + "..." : s
    return shown.debugDescription
}
