/// Compiler stage 3: the residual stream's directions, as tracr's residual space but in
/// computation order rather than sorted by name:
///
/// - `one` (1 at every position; MLPs take their biases from it);
/// - `tokens:BOS` and `tokens:<v>` for the vocabulary, `indices:0` … `indices:<max−1>`;
/// - for each s-op in the order it is computed: one direction per value if categorical
///   (`label:<v>`), one direction if numerical (`label`); a `selector_width` also gets the
///   direction its head writes, `label.width`.
public struct ResidualLayout: Codable, Sendable {
    /// One direction of the residual stream.
    public struct Direction: Codable, Sendable, CustomStringConvertible {
        /// The s-op's label, or `one`.
        public let name: String
        /// The categorical value it stands for.
        public let value: Value?
        public var description: String { value.map { "\(name):\($0)" } ?? name }
    }

    /// The directions of one s-op (or of `tokens`, `indices`).
    public struct Span: Codable, Sendable {
        public let label: String
        public let encoding: Encoding
        public let start: Int
        /// Categorical: the value of each direction, in order. Numerical: empty (one direction).
        public let values: [Value]
        /// The direction a `selector_width`'s head writes 1/(w+1) to.
        public let widthDirection: Int?

        public var count: Int { encoding == .numerical ? 1 : values.count }
        public var range: Range<Int> { start..<(start + count) }

        /// The direction of a categorical value.
        func direction(of v: Value) -> Int? { values.firstIndex(of: v).map { start + $0 } }
    }

    public private(set) var directions: [Direction] = []
    public private(set) var spans: [Span] = []
    /// The `one` direction (0) and `tokens:BOS` (1).
    public var one: Int { 0 }
    public var bos: Int { 1 }
    public var width: Int { directions.count }

    init(vocabulary: [Value], maxLength: Int) {
        directions = [Direction(name: "one", value: nil), Direction(name: "tokens", value: "BOS")]
        add(label: "tokens", encoding: .categorical, values: vocabulary, width: false)
        add(label: "indices", encoding: .categorical, values: (0..<maxLength).map { .number(Double($0)) }, width: false)
    }

    mutating func add(label: String, encoding: Encoding, values: [Value], width: Bool) {
        var widthDirection: Int?
        if width {
            widthDirection = directions.count
            directions.append(Direction(name: "\(label).width", value: nil))
        }
        let start = directions.count
        if encoding == .numerical {
            directions.append(Direction(name: label, value: nil))
        } else {
            directions += values.map { Direction(name: label, value: $0) }
        }
        spans.append(
            Span(
                label: label, encoding: encoding, start: start, values: encoding == .numerical ? [] : values,
                widthDirection: widthDirection))
    }

    /// The span of the s-op labelled `label`.
    public func span(_ label: String) -> Span? { spans.first { $0.label == label } }

    /// The vocabulary, in the order of the token embedding's rows 1…
    public var vocabulary: [Value] { spans[0].values }
    /// The longest input the position embedding covers.
    public var maxLength: Int { spans[1].values.count }
}
