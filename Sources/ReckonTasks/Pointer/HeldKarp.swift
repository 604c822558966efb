/// The Held–Karp dynamic programme (1962): the exact shortest closed tour through every point,
/// in O(2ⁿ·n²) time and O(2ⁿ·n) memory, which is why `tsp` stops at n = 12.
public enum HeldKarp {
    /// The optimal tour starting at point 0 (in the direction whose second point has the smaller
    /// index than its last) and its length, for the distance matrix `d` (n ≥ 1).
    public static func optimalTour(_ d: [[Double]]) -> (tour: [Int], length: Double) {
        let n = d.count
        precondition(n >= 1 && n <= 20, "Held–Karp needs 1...20 points")
        if n == 1 { return ([0], 0) }
        // best[S][j]: shortest path from 0 through the set S of points 1..<n (bit j-1 for point j), ending at j ∈ S.
        let sets = 1 << (n - 1)
        var best = [Double](repeating: .infinity, count: sets * n)
        var parent = [Int](repeating: -1, count: sets * n)
        for j in 1..<n { best[(1 << (j - 1)) * n + j] = d[0][j] }
        for s in 1..<sets {
            for j in 1..<n where s & (1 << (j - 1)) != 0 {
                let here = best[s * n + j]
                if here == .infinity { continue }
                for k in 1..<n where s & (1 << (k - 1)) == 0 {
                    let t = s | (1 << (k - 1))
                    let candidate = here + d[j][k]
                    if candidate < best[t * n + k] {
                        best[t * n + k] = candidate
                        parent[t * n + k] = j
                    }
                }
            }
        }
        let all = sets - 1
        var last = 1
        var length = Double.infinity
        for j in 1..<n where best[all * n + j] + d[j][0] < length {
            length = best[all * n + j] + d[j][0]
            last = j
        }
        var tour: [Int] = []
        var s = all
        var j = last
        while j > 0 {
            tour.append(j)
            let p = parent[s * n + j]
            s &= ~(1 << (j - 1))
            j = p
        }
        tour.append(0)
        tour.reverse()
        return (canonical(tour), length)
    }

    /// The same cycle from point 0, turned so that its second point has a smaller index than its last.
    public static func canonical(_ tour: [Int]) -> [Int] {
        guard let z = tour.firstIndex(of: 0) else { return tour }
        let t = Array(tour[z...] + tour[..<z])
        guard t.count > 2, t[1] > t[t.count - 1] else { return t }
        return [t[0]] + t[1...].reversed()
    }

    /// Length of the closed tour visiting `tour` in order.
    public static func length(_ tour: [Int], _ d: [[Double]]) -> Double {
        guard tour.count > 1 else { return 0 }
        return tour.indices.reduce(0) { $0 + d[tour[$1]][tour[($1 + 1) % tour.count]] }
    }

    /// Euclidean distances between points (x, y).
    public static func distances(_ points: [(Double, Double)]) -> [[Double]] {
        points.map { p in points.map { q in ((p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1)).squareRoot() } }
    }
}
