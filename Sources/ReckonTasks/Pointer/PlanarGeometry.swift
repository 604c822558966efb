/// Exact planar geometry on points given as (x, y) in Double: orientation, polygon area,
/// simplicity, and the convex hull (Andrew's monotone chain).
public enum PlanarGeometry {
    /// Twice the signed area of triangle (o, a, b): positive when o → a → b turns counter-clockwise.
    public static func cross(_ o: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    }

    /// Absolute area of the polygon visiting `points[polygon[0]], points[polygon[1]], ...` (shoelace).
    public static func area(_ polygon: [Int], _ points: [(Double, Double)]) -> Double {
        guard polygon.count >= 3 else { return 0 }
        var twice = 0.0
        for k in polygon.indices {
            let p = points[polygon[k]]
            let q = points[polygon[(k + 1) % polygon.count]]
            twice += p.0 * q.1 - q.0 * p.1
        }
        return Swift.abs(twice) / 2
    }

    /// Whether the closed polygon is simple: at least 3 distinct vertices, and no two edges meet
    /// except neighbours at their shared vertex (O(k²) pair test, k ≤ a few hundred here).
    public static func isSimple(_ polygon: [Int], _ points: [(Double, Double)]) -> Bool {
        let k = polygon.count
        guard k >= 3, Set(polygon).count == k else { return false }
        for i in 0..<k {
            let a = points[polygon[i]]
            let b = points[polygon[(i + 1) % k]]
            for j in (i + 1)..<k {
                let c = points[polygon[j]]
                let d = points[polygon[(j + 1) % k]]
                let neighbours = j == i + 1 || (i == 0 && j == k - 1)
                if neighbours {
                    // Neighbouring edges share one vertex; they may not fold back onto each other.
                    let shared = j == i + 1 ? b : a
                    let p = j == i + 1 ? a : b
                    let q = j == i + 1 ? d : c
                    if cross(shared, p, q) == 0 && dot(shared, p, q) > 0 { return false }
                } else if segmentsMeet(a, b, c, d) {
                    return false
                }
            }
        }
        return true
    }

    /// Indices of the convex hull's vertices, counter-clockwise, starting from the lowest index.
    /// Points on an edge are not vertices (the paper's hulls come from uniform points, where
    /// collinear triples have probability zero).
    public static func convexHull(_ points: [(Double, Double)]) -> [Int] {
        let n = points.count
        guard n >= 3 else { return Array(0..<n) }
        let order = (0..<n).sorted { i, j in
            points[i].0 != points[j].0
                ? points[i].0 < points[j].0 : (points[i].1 != points[j].1 ? points[i].1 < points[j].1 : i < j)
        }
        var lower: [Int] = []
        var upper: [Int] = []
        for i in order {
            while lower.count >= 2, cross(points[lower[lower.count - 2]], points[lower.last!], points[i]) <= 0 {
                lower.removeLast()
            }
            lower.append(i)
        }
        for i in order.reversed() {
            while upper.count >= 2, cross(points[upper[upper.count - 2]], points[upper.last!], points[i]) <= 0 {
                upper.removeLast()
            }
            upper.append(i)
        }
        let hull = Array(lower.dropLast()) + Array(upper.dropLast())
        return rotatedToLowestIndex(hull)
    }

    /// The cycle `cycle` started at its smallest element, same direction.
    public static func rotatedToLowestIndex(_ cycle: [Int]) -> [Int] {
        guard let m = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        return Array(cycle[m...] + cycle[..<m])
    }

    private static func dot(_ o: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
        (a.0 - o.0) * (b.0 - o.0) + (a.1 - o.1) * (b.1 - o.1)
    }

    /// Whether closed segments ab and cd share a point (touching counts).
    private static func segmentsMeet(
        _ a: (Double, Double), _ b: (Double, Double),
        _ c: (Double, Double), _ d: (Double, Double)
    ) -> Bool {
        let d1 = cross(c, d, a)
        let d2 = cross(c, d, b)
        let d3 = cross(a, b, c)
        let d4 = cross(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        func onSegment(_ p: (Double, Double), _ q: (Double, Double), _ r: (Double, Double)) -> Bool {
            Swift.min(p.0, q.0) <= r.0 && r.0 <= Swift.max(p.0, q.0) && Swift.min(p.1, q.1) <= r.1
                && r.1 <= Swift.max(p.1, q.1)
        }
        return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b))
            || (d3 == 0 && onSegment(a, b, c)) || (d4 == 0 && onSegment(a, b, d))
    }
}
