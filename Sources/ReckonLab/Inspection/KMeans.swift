import Foundation
import ReckonSupport
import ReckonTensor

/// Lloyd's k-means with k-means++ seeding (Arthur & Vassilvitskii 2007), on rows of floats.
/// Distances come from one product per pass, ‖x‖² − 2x·c + ‖c‖², so clustering 20 000 states
/// of a 256-unit network takes a fraction of a second per k.
public struct KMeans {
    /// Centroids [k, width].
    public let centroids: Tensor

    /// Clusters the rows of `points` [n, width] into at most `k` groups; every draw from `rng`.
    public init(_ points: Tensor, k requested: Int, rng: inout RandomGenerator, iterations: Int = 50) {
        let n = points.shape[0]
        let width = points.shape[1]
        let k = Swift.max(1, Swift.min(requested, n))
        let x = points.scalars
        let norms = Self.squaredNorms(points)
        var chosen = [rng.nextInt(below: n)]
        var nearest = Self.squaredDistances(points, norms: norms, to: Self.rows(x, chosen, width: width)).map { $0[0] }
        while chosen.count < k {
            let total = nearest.reduce(0, +)
            // All remaining points coincide with a centroid: fewer distinct points than k.
            guard total > 0 else { break }
            var u = rng.nextDouble() * total
            var pick = n - 1
            for i in 0..<n {
                u -= nearest[i]
                if u <= 0 {
                    pick = i
                    break
                }
            }
            chosen.append(pick)
            let d = Self.squaredDistances(points, norms: norms, to: Self.rows(x, [pick], width: width))
            for i in 0..<n { nearest[i] = Swift.min(nearest[i], d[i][0]) }
        }
        var centroids = Self.rows(x, chosen, width: width)
        var assignment = [Int](repeating: -1, count: n)
        for _ in 0..<iterations {
            let next = Self.assign(points, norms: norms, to: centroids)
            if next == assignment { break }
            assignment = next
            let count = centroids.shape[0]
            var sums = [Double](repeating: 0, count: count * width)
            var members = [Int](repeating: 0, count: count)
            for i in 0..<n {
                let c = assignment[i]
                members[c] += 1
                for j in 0..<width { sums[c * width + j] += Double(x[i * width + j]) }
            }
            var c = centroids.scalars
            for j in 0..<count where members[j] > 0 {
                for d in 0..<width { c[j * width + d] = Float(sums[j * width + d] / Double(members[j])) }
            }
            centroids = Tensor(c, shape: [count, width])
        }
        self.centroids = centroids
    }

    /// The index of the nearest centroid for each row of `points` (the first on ties).
    public static func assign(_ points: Tensor, norms: [Double]? = nil, to centroids: Tensor) -> [Int] {
        squaredDistances(points, norms: norms ?? squaredNorms(points), to: centroids).map { d in
            var best = 0
            for j in d.indices where d[j] < d[best] { best = j }
            return best
        }
    }

    /// ‖x_i‖² of every row, in double precision.
    static func squaredNorms(_ points: Tensor) -> [Double] {
        let width = points.shape[1]
        return points.withUnsafeBufferPointer { x in
            (0..<points.shape[0]).map { i in
                var sum = 0.0
                for j in (i * width)..<((i + 1) * width) { sum += Double(x[j]) * Double(x[j]) }
                return sum
            }
        }
    }

    /// ‖x_i − c_j‖² for every row and centroid from one float product (rows' norms given).
    static func squaredDistances(_ points: Tensor, norms: [Double], to centroids: Tensor) -> [[Double]] {
        let n = points.shape[0]
        let k = centroids.shape[0]
        let cross = matmul(points, centroids, transposeB: true).scalars
        let cNorms = squaredNorms(centroids)
        return (0..<n).map { i in
            (0..<k).map { j in Swift.max(0, norms[i] - 2 * Double(cross[i * k + j]) + cNorms[j]) }
        }
    }

    static func rows(_ x: [Float], _ indices: [Int], width: Int) -> Tensor {
        Tensor(indices.flatMap { x[($0 * width)..<(($0 + 1) * width)] }, shape: [indices.count, width])
    }
}
