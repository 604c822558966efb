import Foundation

/// A value a RASP program computes at one position: a number or a string.
///
/// Booleans are the numbers 1 and 0, as Python's `True == 1` makes them in tracr's evaluator;
/// a program's `None` (an empty selection with no default) is `Optional<Value>.none`.
public enum Value: Hashable, Sendable {
    case number(Double)
    case string(String)

    /// 1 for true, 0 for false.
    public init(bool: Bool) { self = .number(bool ? 1 : 0) }

    /// A token as the command line spells it: anything Swift reads as a finite number is a number
    /// (`3`, `-1`, `0.5`), everything else a string.
    public init(token: String) {
        if let d = Double(token), d.isFinite { self = .number(d) } else { self = .string(token) }
    }

    /// Python's truthiness: nonzero numbers and non-empty strings are true.
    public var isTrue: Bool {
        switch self {
        case .number(let d): return d != 0
        case .string(let s): return !s.isEmpty
        }
    }

    /// Whether a compiled model's float32 weights can hold the value: a string, or a number whose
    /// magnitude float32 keeps finite (inf, NaN and 1e39 are not).
    var isRepresentable: Bool {
        guard case .number(let d) = self else { return true }
        return Swift.abs(d) <= Double(Float.greatestFiniteMagnitude)
    }

    /// The number, or nil for a string.
    public var number: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// A total order for sorting value sets (numbers before strings). Programs compare values with
    /// `Comparison`, which, like Python, refuses to order a number against a string.
    public static func precedes(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.string(let x), .string(let y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        case (.number, .string): return true
        case (.string, .number): return false
        }
    }
}

extension Value: CustomStringConvertible {
    /// Integral numbers without a fraction (`3`, not `3.0`); other numbers in Swift's shortest
    /// round-trip form; strings as they are.
    public var description: String {
        switch self {
        case .number(let d): return Value.format(d)
        case .string(let s): return s
        }
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}

extension Optional where Wrapped == Value {
    /// How a program's output prints: the value, or `None` as tracr's evaluator shows it.
    public var text: String { map(\.description) ?? "None" }
}

extension Value: Codable {
    /// JSON numbers stay numbers and JSON strings stay strings, so a saved vocabulary reads back typed.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        }
    }
}
