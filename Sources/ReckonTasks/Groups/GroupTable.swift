/// The generator's side of a word-problem group: each factor's elements enumerated as
/// word-problem enumerates them, and products looked up in each permutation factor's
/// multiplication table (cyclic factors add modulo n).
///
/// Element order (jopetty/word-problem src/generate_data.py with jopetty/abstract_algebra):
/// S_n's i-th element is the i-th permutation of `itertools.permutations` (lexicographic);
/// A_n keeps S_n's even permutations in S_n's order (`subalgebra_from_elements` sorts the
/// commutator subgroup by the parent's index); Z_n's i-th element is a^i; G × H's index is
/// g · |H| + h (`itertools.product(G.elements, H.elements)`). Index 0 is the identity everywhere.
public struct GroupTable: Sendable {
    /// One factor: its order and, for S_n and A_n, its table (row a, column b: a * b).
    struct Factor: Sendable {
        let order: Int
        let table: [Int32]?
    }

    let factors: [Factor]
    /// The number of elements.
    public let order: Int

    public init(_ group: GroupName) {
        factors = group.factors.map(Self.factor)
        order = group.order
    }

    static func factor(_ f: GroupFactor) -> Factor {
        let elements: [Permutation]
        switch f.family {
        case .cyclic: return Factor(order: f.n, table: nil)
        case .symmetric: elements = Permutation.lexicographic(f.n)
        case .alternating: elements = Permutation.lexicographic(f.n).filter(\.isEven)
        }
        let index = Dictionary(uniqueKeysWithValues: elements.enumerated().map { ($1, $0) })
        var table = [Int32](repeating: 0, count: elements.count * elements.count)
        for (a, x) in elements.enumerated() {
            for (b, y) in elements.enumerated() { table[a * elements.count + b] = Int32(index[x * y]!) }
        }
        return Factor(order: elements.count, table: table)
    }

    /// The product a * b of two element indices (word-problem's `G.op(a, b)`).
    public func multiply(_ a: Int, _ b: Int) -> Int {
        var a = a
        var b = b
        var product = 0
        var place = 1
        // The last factor is the least significant digit.
        for f in factors.reversed() {
            let (x, y) = (a % f.order, b % f.order)
            a /= f.order
            b /= f.order
            let digit = f.table.map { Int($0[x * f.order + y]) } ?? (x + y) % f.order
            product += digit * place
            place *= f.order
        }
        return product
    }
}
