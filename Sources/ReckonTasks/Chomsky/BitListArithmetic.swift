/// Schoolbook arithmetic on little-endian lists of binary digits: the binary tasks' solvers.
///
/// Deliberately simple and slow (one digit at a time) and unrelated to the generators'
/// word arithmetic (`BigNatural`), so that a bug in one shows up as a mismatch.
/// Results carry no high zero digits; zero is the empty list.
enum BitListArithmetic {
    /// Drops high zero digits.
    static func trimmed(_ a: [Int]) -> [Int] {
        var a = a
        while a.last == 0 { a.removeLast() }
        return a
    }

    /// a + b, ripple carry.
    static func add(_ a: [Int], _ b: [Int]) -> [Int] {
        var sum: [Int] = []
        var carry = 0
        for i in 0..<max(a.count, b.count) {
            let s = (i < a.count ? a[i] : 0) + (i < b.count ? b[i] : 0) + carry
            sum.append(s % 2)
            carry = s / 2
        }
        if carry == 1 { sum.append(1) }
        return trimmed(sum)
    }

    /// a · b: add `a` shifted by i for every 1 digit i of `b`.
    static func multiply(_ a: [Int], _ b: [Int]) -> [Int] {
        var product: [Int] = []
        for (i, digit) in b.enumerated() where digit == 1 {
            product = add(product, Array(repeating: 0, count: i) + a)
        }
        return trimmed(product)
    }

    /// -1, 0 or 1 as a < b, a == b, a > b.
    static func compare(_ a: [Int], _ b: [Int]) -> Int {
        let x = trimmed(a)
        let y = trimmed(b)
        if x.count != y.count { return x.count < y.count ? -1 : 1 }
        for i in stride(from: x.count - 1, through: 0, by: -1) where x[i] != y[i] {
            return x[i] < y[i] ? -1 : 1
        }
        return 0
    }

    /// floor(sqrt(n)): decide the root's digits from the top, keeping root² up to date
    /// ((r + 2^k)² = r² + r·2^(k+1) + 2^(2k)) so no full squaring is needed.
    static func squareRoot(_ n: [Int]) -> [Int] {
        let n = trimmed(n)
        if n.isEmpty { return [] }
        var root: [Int] = []
        var square: [Int] = []
        for k in stride(from: (n.count - 1) / 2, through: 0, by: -1) {
            let shiftedRoot = Array(repeating: 0, count: k + 1) + root
            let power = Array(repeating: 0, count: 2 * k) + [1]
            let candidate = add(add(square, shiftedRoot), power)
            if compare(candidate, n) <= 0 {
                square = candidate
                while root.count <= k { root.append(0) }
                root[k] = 1
            }
        }
        return trimmed(root)
    }
}
