/// A sequence operation (s-op): a RASP expression whose value is one value per input position.
///
/// S-ops are immutable and compared by identity, so a program is a DAG in which a shared
/// s-op is computed once (as tracr's graph keys nodes by unique label).
public final class SOp: @unchecked Sendable {
    /// The primitive that computes the s-op.
    public enum Operation: Sendable {
        case tokens
        case indices
        case map(Function, SOp)
        case sequenceMap(Function, SOp, SOp)
        case aggregate(Selector, SOp, default: Value?)
        case selectorWidth(Selector)
    }

    public let operation: Operation
    /// The name given with `named(_:)` or by a statement of a `.rasp` file.
    public let name: String?
    public let encoding: Encoding
    /// Where the s-op was written, for messages.
    public let location: SourceLocation?

    public init(
        _ operation: Operation, name: String? = nil, encoding: Encoding = .categorical,
        location: SourceLocation? = nil
    ) {
        self.operation = operation
        self.name = name
        self.encoding = encoding
        self.location = location
    }

    /// The same operation under another name (a new node, as tracr's `.named` returns a copy).
    public func named(_ name: String) -> SOp { SOp(operation, name: name, encoding: encoding, location: location) }

    /// The same operation with another encoding.
    public func encoded(_ encoding: Encoding) -> SOp {
        SOp(operation, name: name, encoding: encoding, location: location)
    }

    /// The s-ops and selectors this one reads.
    var children: [Node] {
        switch operation {
        case .tokens, .indices: return []
        case .map(_, let x): return [.sop(x)]
        case .sequenceMap(_, let x, let y): return [.sop(x), .sop(y)]
        case .aggregate(let s, let x, _): return [.selector(s), .sop(x)]
        case .selectorWidth(let s): return [.selector(s)]
        }
    }

    /// The primitive's name in the text syntax.
    var kindName: String {
        switch operation {
        case .tokens: return "tokens"
        case .indices: return "indices"
        case .map: return "map"
        case .sequenceMap: return "sequence_map"
        case .aggregate: return "aggregate"
        case .selectorWidth: return "selector_width"
        }
    }

    /// A node of a program graph: an s-op or a selector.
    enum Node {
        case sop(SOp)
        case selector(Selector)

        var identity: ObjectIdentifier {
            switch self {
            case .sop(let s):
                // Every `tokens` (or `indices`), however renamed, is the one input node.
                if case .tokens = s.operation { return ObjectIdentifier(RASP.tokens) }
                if case .indices = s.operation { return ObjectIdentifier(RASP.indices) }
                return ObjectIdentifier(s)
            case .selector(let s): return ObjectIdentifier(s)
            }
        }
    }
}
