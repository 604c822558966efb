/// A permutation of 0 ..< n in one-line notation: `images[i]` is where i goes.
///
/// Products follow word-problem's group library (jopetty/abstract_algebra, `Perm.__mul__`):
/// `a * b` is "a after b", (a * b)(i) = a(b(i)).
public struct Permutation: Hashable, Sendable, CustomStringConvertible {
    /// Where each point goes.
    public let images: [Int]

    /// `images` must hold each of 0 ..< images.count once.
    public init(_ images: [Int]) {
        precondition(Set(images) == Set(0..<images.count), "not a permutation of 0..<\(images.count): \(images)")
        self.images = images
    }

    /// The identity on `n` points.
    public static func identity(_ n: Int) -> Permutation { Permutation(Array(0..<n)) }

    /// Points moved (the degree n).
    public var degree: Int { images.count }

    /// self after other: (self * other)(i) = self(other(i)).
    public static func * (a: Permutation, b: Permutation) -> Permutation {
        precondition(a.degree == b.degree, "permutations of \(a.degree) and \(b.degree) points")
        return Permutation(b.images.map { a.images[$0] })
    }

    /// Whether the permutation is a product of an even number of transpositions (its cycles of
    /// even length are even in number).
    public var isEven: Bool {
        var seen = [Bool](repeating: false, count: degree)
        var evenCycles = 0
        for start in 0..<degree where !seen[start] {
            var length = 0
            var i = start
            while !seen[i] {
                seen[i] = true
                i = images[i]
                length += 1
            }
            if length % 2 == 0 { evenCycles += 1 }
        }
        return evenCycles % 2 == 0
    }

    /// All n! permutations in lexicographic order of their one-line notation: the order of
    /// Python's `itertools.permutations(range(n))`, which word-problem's `generate_symmetric_group`
    /// enumerates (element i of S_n is the i-th of them).
    public static func lexicographic(_ n: Int) -> [Permutation] {
        var current = Array(0..<n)
        var all = [Permutation(current)]
        // Narayana's next permutation: the longest decreasing suffix, its pivot swapped with the
        // smallest larger element after it, the suffix reversed.
        while true {
            var pivot = n - 2
            while pivot >= 0 && current[pivot] > current[pivot + 1] { pivot -= 1 }
            if pivot < 0 { return all }
            var successor = n - 1
            while current[successor] < current[pivot] { successor -= 1 }
            current.swapAt(pivot, successor)
            current[(pivot + 1)...].reverse()
            all.append(Permutation(current))
        }
    }

    /// Cycle notation on 1 ... n, as group theory writes it: `(1 2 3)`, `()` for the identity.
    public var description: String {
        var seen = [Bool](repeating: false, count: degree)
        var cycles: [String] = []
        for start in 0..<degree where !seen[start] {
            var cycle: [Int] = []
            var i = start
            while !seen[i] {
                seen[i] = true
                cycle.append(i + 1)
                i = images[i]
            }
            if cycle.count > 1 { cycles.append("(" + cycle.map(String.init).joined(separator: " ") + ")") }
        }
        return cycles.isEmpty ? "()" : cycles.joined()
    }
}
