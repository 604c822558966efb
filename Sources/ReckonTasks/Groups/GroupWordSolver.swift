/// The independent solver of `word_problem`: each element index is turned into its permutation
/// (or residue) by arithmetic on the index, without the generator's enumeration or tables, the
/// permutations are composed as arrays, and the product is ranked back to an index.
///
/// S_n's lexicographic rank is the Lehmer code read in the factorial number system. A_n's index
/// is half the S_n rank: in lexicographic order the permutations 2k and 2k + 1 differ by a swap
/// of their last two points, so exactly one of each pair is even.
public struct GroupWordSolver: Sendable {
    let group: GroupName

    public init(_ group: GroupName) { self.group = group }

    /// The running products x0, x0·x1, ..., x0·x1···x_{L-1} (word-problem's `scanned`).
    public func runningProducts(_ input: [Int]) -> [Int] {
        var state: [FactorState] = group.factors.map { FactorState.identity($0) }
        var out: [Int] = []
        out.reserveCapacity(input.count)
        for token in input {
            let digits = Self.digits(token, group.factors)
            for k in state.indices { state[k] = state[k].times(digits[k], group.factors[k]) }
            out.append(zip(state, group.factors).reduce(0) { $0 * $1.1.order + $1.0.index($1.1) })
        }
        return out
    }

    /// Mixed-radix digits of an index, the first factor most significant.
    static func digits(_ token: Int, _ factors: [GroupFactor]) -> [Int] {
        var rest = token
        var digits = [Int](repeating: 0, count: factors.count)
        for k in factors.indices.reversed() {
            digits[k] = rest % factors[k].order
            rest /= factors[k].order
        }
        precondition(rest == 0, "element \(token) is outside the group")
        return digits
    }

    /// A factor's running product: a residue, or a permutation's images.
    enum FactorState {
        case residue(Int)
        case permutation([Int])

        static func identity(_ f: GroupFactor) -> FactorState {
            f.family == .cyclic ? .residue(0) : .permutation(Array(0..<f.n))
        }

        /// self * (the factor's element `digit`): self after it, (p·q)(i) = p(q(i)).
        func times(_ digit: Int, _ f: GroupFactor) -> FactorState {
            switch self {
            case .residue(let r): return .residue((r + digit) % f.n)
            case .permutation(let p):
                let q =
                    f.family == .symmetric ? GroupWordSolver.unrank(digit, f.n) : GroupWordSolver.unrankEven(digit, f.n)
                return .permutation(q.map { p[$0] })
            }
        }

        func index(_ f: GroupFactor) -> Int {
            switch self {
            case .residue(let r): return r
            case .permutation(let p):
                return f.family == .symmetric ? GroupWordSolver.rank(p) : GroupWordSolver.rank(p) / 2
            }
        }
    }
}

extension GroupWordSolver {
    /// The permutation of 0 ..< n with lexicographic rank `r`: digit i of r in the factorial number
    /// system picks the i-th point among those not yet used.
    static func unrank(_ r: Int, _ n: Int) -> [Int] {
        var unused = Array(0..<n)
        var rest = r
        var out: [Int] = []
        for i in 0..<n {
            let place = (1..<(n - i)).reduce(1, *)
            out.append(unused.remove(at: rest / place))
            rest %= place
        }
        return out
    }

    /// The even permutation with index `k` among A_n's: of the ranks 2k and 2k + 1, the one with an
    /// even number of inversions.
    static func unrankEven(_ k: Int, _ n: Int) -> [Int] {
        let p = unrank(2 * k, n)
        return inversions(p) % 2 == 0 ? p : unrank(2 * k + 1, n)
    }

    /// The lexicographic rank of a permutation of 0 ..< n (its Lehmer code in the factorial system).
    static func rank(_ p: [Int]) -> Int {
        let n = p.count
        var r = 0
        for i in 0..<n {
            let smallerLater = p[(i + 1)...].filter { $0 < p[i] }.count
            r = r * (n - i) + smallerLater
        }
        return r
    }

    /// Pairs i < j with p[i] > p[j].
    static func inversions(_ p: [Int]) -> Int {
        var count = 0
        for i in p.indices { for j in (i + 1)..<p.count where p[i] > p[j] { count += 1 } }
        return count
    }
}
