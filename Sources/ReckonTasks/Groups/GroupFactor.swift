/// One factor of a word-problem group: S_n, A_n or Z_n, written as word-problem writes it
/// (`S5`, `A5`, `Z60`; `generate_group` in jopetty/word-problem's src/generate_data.py).
public struct GroupFactor: Hashable, Sendable {
    /// Which family the factor is in; the raw value is the letter of its name.
    public enum Family: String, Sendable, CaseIterable {
        /// All permutations of n points.
        case symmetric = "S"
        /// The even permutations of n points (word-problem builds it as S_n's commutator subgroup).
        case alternating = "A"
        /// The integers modulo n under addition.
        case cyclic = "Z"
    }

    /// The largest n of a symmetric or alternating factor: the generator keeps each such
    /// factor's multiplication table, and S6's already has 720² = 518 400 entries.
    public static let maximumPermutationDegree = 6

    public let family: Family
    public let n: Int

    /// A factor of at least two elements (S_n and Z_n from n = 2, A_n from n = 3) whose permutations
    /// move at most `maximumPermutationDegree` points, or nil.
    public init?(_ family: Family, _ n: Int) {
        switch family {
        case .symmetric: guard (2...Self.maximumPermutationDegree).contains(n) else { return nil }
        case .alternating: guard (3...Self.maximumPermutationDegree).contains(n) else { return nil }
        case .cyclic: guard n >= 2 else { return nil }
        }
        self.family = family
        self.n = n
    }

    /// `S5`, `A4`, `Z60`.
    public var name: String { family.rawValue + String(n) }

    /// The number of elements: n!, n!/2 or n.
    public var order: Int {
        // n ≤ 6 for permutation factors, so n! is small; a cyclic factor's n may be large.
        let factorial = family == .cyclic ? 0 : (1...n).reduce(1, *)
        switch family {
        case .symmetric: return factorial
        case .alternating: return factorial / 2
        case .cyclic: return n
        }
    }
}
