import Foundation

/// One line for a JSON file that does not decode: which key, and what was expected there, instead of
/// Foundation's error text ("The data couldn't be read because it isn't in the correct format.",
/// NSCocoaErrorDomain codes and UserInfo dumps). Used wherever Reckon reads its own JSON back
/// (config.json, summary.json, sweep.json).
public enum JSONErrorText {
    /// What is wrong, without the file: "it is not valid JSON", "field 'steps' is missing",
    /// "field 'curriculum.kind' is not a string", ...; file-system failures give the system's reason.
    public static func reason(_ error: any Error) -> String {
        if let decoding = error as? DecodingError { return reason(decoding) }
        let ns = error as NSError
        // JSONSerialization's "not valid JSON" (NSPropertyListReadCorruptError), and Foundation's
        // JSONDecoder wrapping the same when the bytes are not JSON at all.
        if ns.domain == NSCocoaErrorDomain && ns.code == NSPropertyListReadCorruptError {
            return "it is not valid JSON"
        }
        return SystemErrorText.reason(error)
    }

    /// `'<file>': <reason>`.
    public static func describe(_ error: any Error, file: String) -> String {
        "'\(file)': \(reason(error))"
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let c):
            guard !c.codingPath.isEmpty else { return "it is not valid JSON" }
            return "field '\(path(c.codingPath))' is invalid (\(oneLine(c.debugDescription)))"
        case .keyNotFound(let key, let c): return "field '\(path(c.codingPath + [key]))' is missing"
        case .typeMismatch(let type, let c):
            guard !c.codingPath.isEmpty else { return "it is not \(typeName(type))" }
            return "field '\(path(c.codingPath))' is not \(typeName(type))"
        case .valueNotFound(let type, let c):
            guard !c.codingPath.isEmpty else { return "it is null, expected \(typeName(type))" }
            return "field '\(path(c.codingPath))' is null, expected \(typeName(type))"
        @unknown default: return "it cannot be decoded"
        }
    }

    /// `a.b[2].c`.
    public static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    /// What a value of `type` looks like in JSON.
    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt.Type:
            return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default:
            // Keyed containers (structs, dictionaries) decode from objects; JSONDecoder names those
            // as a Dictionary type.
            let name = String(describing: type)
            return name.hasPrefix("Array<") ? "an array" : "an object"
        }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
