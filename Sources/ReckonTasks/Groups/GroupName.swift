import ReckonSupport

/// A word-problem group by its name in jopetty/word-problem: factors `S<n>`, `A<n>` or `Z<n>`
/// joined by `_x_` for their direct product (`A4_x_Z5`), the name its data files carry
/// (`data/A4_x_Z5=10.csv`). The `group` setting of `word_problem`.
public struct GroupName: SettingValue, CustomStringConvertible {
    /// The largest group: 5040 elements (= 7!), so one-hot inputs and output classes stay small.
    public static let maximumOrder = 5040

    /// The factors in the order of the name; the first is the most significant digit of an
    /// element's index (word-problem's direct product enumerates `itertools.product(G, H)`).
    public let factors: [GroupFactor]

    /// The factors' product, or nil when it has more than `maximumOrder` elements.
    public init?(_ factors: [GroupFactor]) {
        guard !factors.isEmpty else { return nil }
        var order = 1
        for f in factors {
            let (product, overflow) = order.multipliedReportingOverflow(by: f.order)
            guard !overflow, product <= Self.maximumOrder else { return nil }
            order = product
        }
        self.factors = factors
    }

    /// The name as word-problem writes it (`A4_x_Z5`).
    public var name: String { factors.map(\.name).joined(separator: "_x_") }

    public var description: String { name }

    /// The number of elements, the product of the factors' orders.
    public var order: Int { factors.reduce(1) { $0 * $1.order } }

    public static var typeName: String {
        "a group named as word-problem names it: S<n> or A<n> (n up to \(GroupFactor.maximumPermutationDegree)) "
            + "or Z<n>, or a direct product joined by _x_ (A4_x_Z5), of 2 to \(maximumOrder) elements"
    }

    /// `S3`, `A5`, `Z60`, `A4_x_Z5`: a capital S, A or Z, then n in decimal without sign or leading zero.
    public init?(parsing text: String) {
        var factors: [GroupFactor] = []
        for part in text.split(separator: "_x_", omittingEmptySubsequences: false) {
            guard let letter = part.first, let family = GroupFactor.Family(rawValue: String(letter)) else { return nil }
            let digits = part.dropFirst()
            guard let first = digits.first, first != "0", digits.count <= 6, digits.allSatisfy(\.isASCIIDigit),
                let n = Int(digits), let factor = GroupFactor(family, n)
            else { return nil }
            factors.append(factor)
        }
        self.init(factors)
    }

    public init?(literal: SettingLiteral) {
        guard case .string(let text) = literal else { return nil }
        self.init(parsing: text)
    }

    /// Coded as its name (`"A4_x_Z5"`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let group = GroupName(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: Self.typeName))
        }
        self = group
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var literal: SettingLiteral { .string(name) }
    public var text: String { name }

    /// The alternating group A5 (Merrill et al. 2024's hard case, 60 elements).
    public static let a5 = GroupName(parsing: "A5")!
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
