import Foundation

/// One side of a batch, its input or its target, in the one form its task gives it.
///
/// Every case is row-major over the batch's examples and their positions: [B, T] for token ids
/// and pointers, [B, T, width] for bit vectors and real values.
public enum Payload: Equatable, Sendable {
    /// Token ids, one per position (an index into the task's symbols).
    case tokens([Int])
    /// `width` channels per position, each 0 or 1 except a named channel that carries a number
    /// (priority_sort's priority, repeat_copy's repeat count).
    case bitVectors([Float], width: Int)
    /// `width` real numbers per position: an input vector, a point, a target value.
    case reals([Float], width: Int)
    /// Positions in the example's own input, one per output position.
    case pointers([Int])

    /// Numbers stored per position: 1 for token ids and pointers.
    public var width: Int {
        switch self {
        case .tokens, .pointers: 1
        case .bitVectors(_, let width), .reals(_, let width): width
        }
    }

    /// Numbers stored in all (positions times `width`).
    public var count: Int {
        switch self {
        case .tokens(let ids), .pointers(let ids): ids.count
        case .bitVectors(let values, _), .reals(let values, _): values.count
        }
    }

    /// The ids of a token or pointer payload; asking a vector payload for them is a programmer error.
    public var ids: [Int] {
        switch self {
        case .tokens(let ids), .pointers(let ids): return ids
        case .bitVectors, .reals: preconditionFailure("a payload of vectors has no ids")
        }
    }

    /// The numbers of a bit-vector or real payload; asking an id payload for them is a programmer error.
    public var values: [Float] {
        switch self {
        case .bitVectors(let values, _), .reals(let values, _): return values
        case .tokens, .pointers: preconditionFailure("a payload of ids has no vectors")
        }
    }

    /// The vectors as rows of `width` numbers, one row per position (bit-vector and real payloads).
    public var rows: [[Float]] {
        let flat = values
        let w = width
        return (0..<(w > 0 ? flat.count / w : 0)).map { r in Array(flat[r * w..<(r + 1) * w]) }
    }

    /// The part of example `b`, whose every example has `positions` positions.
    public func example(_ b: Int, positions: Int) -> Payload {
        let n = positions * width
        switch self {
        case .tokens(let ids): return .tokens(Array(ids[b * n..<(b + 1) * n]))
        case .pointers(let ids): return .pointers(Array(ids[b * n..<(b + 1) * n]))
        case .bitVectors(let values, let w): return .bitVectors(Array(values[b * n..<(b + 1) * n]), width: w)
        case .reals(let values, let w): return .reals(Array(values[b * n..<(b + 1) * n]), width: w)
        }
    }

    /// One word per position, in the task's own symbols: a token's symbol; a bit vector's bits as
    /// 0/1 followed by the other channels that are set (`01101001`, `delimiter`,
    /// `10110010,priority=-0.37`); real values comma-separated in `valueFormat`; a pointer's
    /// position, as far as `mask` goes (a hull's answer ends after its marker).
    public func words(symbols: [String], valueFormat: String, mask: [Float]) -> [String] {
        switch self {
        case .tokens(let ids):
            return ids.map { id in id >= 0 && id < symbols.count ? symbols[id] : "<\(id)>" }
        case .pointers(let ids):
            return zip(ids, mask).filter { $0.1 > 0 }.map { "\($0.0)" }
        case .bitVectors:
            return rows.map { Self.bitText($0, symbols: symbols) }
        case .reals:
            return rows.map { row in row.map { String(format: valueFormat, Double($0)) }.joined(separator: ",") }
        }
    }

    /// One bit-vector row: channels named b0, b1, ... are bits; others are shown by name.
    static func bitText(_ row: [Float], symbols: [String]) -> String {
        var bits = ""
        var named: [String] = []
        for (value, symbol) in zip(row, symbols) {
            if symbol.first == "b", Int(symbol.dropFirst()) != nil {
                bits += value > 0.5 ? "1" : "0"
            } else if value != 0 {
                named.append(value == 1 ? symbol : "\(symbol)=\(String(format: "%g", value))")
            }
        }
        if !named.isEmpty && !bits.contains("1") { return named.joined(separator: ",") }
        return ([bits] + named).filter { !$0.isEmpty }.joined(separator: ",")
    }
}
