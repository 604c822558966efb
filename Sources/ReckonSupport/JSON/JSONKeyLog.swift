import Foundation

/// The keys JSONDecoder reads, in document order, repeats included.
///
/// A keyed container keeps one value per key and lists its keys in no particular order, so
/// Codable alone can neither give names in document order nor see a repeated key. JSONDecoder
/// shows the keys as written only to a `.custom` key strategy, which it calls for each member
/// of an object, in order, as it makes the object's container; the strategy records them here.
/// (swift-foundation's JSONDecoder does, on Linux and since macOS 14; the safetensors tests
/// `namesComeBackInHeaderOrder` and the duplicate-key tests fail on a Foundation that stops doing so.)
public final class JSONKeyLog: @unchecked Sendable {  // `lock` guards `keys`.
    static let userInfoKey = CodingUserInfoKey(rawValue: "ReckonSupport.JSONKeyLog")!

    private let lock = NSLock()
    private var keys: [String] = []

    public init() {}

    /// Makes `decoder` record every key it reads into this log.
    public func install(on decoder: JSONDecoder) {
        decoder.keyDecodingStrategy = .custom { [self] path in
            record(path.last!.stringValue)
            return path.last!
        }
        decoder.userInfo[Self.userInfoKey] = self
    }

    /// The log `install(on:)` gave the decoder that made `decoder`, if any.
    public static func of(_ decoder: any Decoder) -> JSONKeyLog? {
        decoder.userInfo[userInfoKey] as? JSONKeyLog
    }

    func record(_ key: String) {
        lock.withLock { keys.append(key) }
    }

    /// The container `open` makes, and its keys in document order. With `duplicate`, a repeated
    /// key throws the error it makes for that key.
    public func open<Container>(
        refusingRepeats duplicate: ((String) -> any Error)? = nil,
        _ open: () throws -> Container
    ) throws -> (Container, [String]) {
        // Containers are made one at a time, so whatever is logged meanwhile belongs to this one.
        lock.withLock { keys.removeAll(keepingCapacity: true) }
        let container = try open()
        let names = lock.withLock { keys }
        if let duplicate {
            var seen = Set<String>()
            seen.reserveCapacity(names.count)
            // Set compares as String does, so canonically equivalent names, which a container
            // would merge, count as a repeat too.
            for name in names where !seen.insert(name).inserted {
                throw duplicate(name)
            }
        }
        return (container, names)
    }
}

extension DecodingError {
    /// Whether the value was of another JSON type (null included), as opposed to malformed.
    public var isTypeMismatch: Bool {
        switch self {
        case .typeMismatch, .valueNotFound: return true
        default: return false
        }
    }
}
