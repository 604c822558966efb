import Foundation
import ReckonLab
import ReckonSupport
import ReckonTensor
import Testing

/// The geometry automaton extraction and inspection pages rest on: k-means over states and their
/// projection on principal components.
@Suite struct StateGeometryTests {
    static let blobCentres: [(Float, Float)] = [(0, 0), (10, 0), (0, 10)]

    /// 30 points around each centre (σ = 0.5), interleaved, and each point's blob.
    static func blobs(seed: UInt64) -> (points: Tensor, truth: [Int]) {
        var rng = RandomGenerator(seed: seed)
        var values: [Float] = []
        var truth: [Int] = []
        for _ in 0..<30 {
            for (c, centre) in blobCentres.enumerated() {
                values += [centre.0 + 0.5 * Float(rng.nextNormal()), centre.1 + 0.5 * Float(rng.nextNormal())]
                truth.append(c)
            }
        }
        return (Tensor(values, shape: [truth.count, 2]), truth)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func kMeansRecoversSeparatedBlobs(seed: UInt64) {
        let (points, truth) = Self.blobs(seed: seed)
        var rng = RandomGenerator(seed: seed + 100)
        let means = KMeans(points, k: 3, rng: &rng)
        #expect(means.centroids.shape == [3, 2])
        let clusters = KMeans.assign(points, to: means.centroids)
        // The same partition up to the clusters' numbering: one cluster per blob, all different.
        var clusterOf: [Int: Int] = [:]
        for (blob, cluster) in zip(truth, clusters) {
            #expect(clusterOf[blob, default: cluster] == cluster, "blob \(blob) split")
            clusterOf[blob] = cluster
        }
        #expect(Set(clusterOf.values).count == 3)
        // Each centroid lies near its blob's centre.
        let c = means.centroids.scalars
        for (blob, cluster) in clusterOf {
            let (x, y) = Self.blobCentres[blob]
            #expect(abs(c[2 * cluster] - x) < 0.5 && abs(c[2 * cluster + 1] - y) < 0.5)
        }
        // Seeded: the same draws give the same centroids.
        var again = RandomGenerator(seed: seed + 100)
        #expect(KMeans(points, k: 3, rng: &again).centroids.scalars == c)
    }

    @Test func assignPicksTheNearestCentroidAndTheFirstOnTies() {
        let centroids = Tensor([0, 0, 10, 0, 0, 10], shape: [3, 2])
        let points = Tensor([1, 1, 9, -1, -1, 8, 6, 0, 5, 0, 4, 4], shape: [6, 2])
        // (5, 0) is 5 from both (0, 0) and (10, 0); (4, 4) is nearest (0, 0).
        #expect(KMeans.assign(points, to: centroids) == [0, 1, 2, 1, 0, 0])
    }

    /// Fewer distinct points than k: as many centroids as points (extraction stops growing k there).
    @Test func kMeansStopsAtTheDistinctPoints() {
        let points = Tensor([0, 1, 0, 1, 0, 1, 1, 0], shape: [4, 2])
        var rng = RandomGenerator(seed: 4)
        let means = KMeans(points, k: 4, rng: &rng)
        #expect(means.centroids.shape == [2, 2])
        let clusters = KMeans.assign(points, to: means.centroids)
        #expect(clusters[0] == clusters[1] && clusters[1] == clusters[2] && clusters[2] != clusters[3])
    }

    /// States on a line: the first component is the line, explaining all the variance, and the
    /// projection keeps the distances along it.
    @Test func pointsOnALineProjectOntoTheFirstComponent() {
        let direction: [Float] = [1, 2, -1]
        let offset: [Float] = [0.5, 0, 1]
        func state(_ position: Int) -> [Float] {
            (0..<3).map { (j: Int) -> Float in offset[j] + Float(position) * direction[j] }
        }
        let states: [[[Float]]] = (0..<2).map { sample in (0..<10).map { t in state(t + 3 * sample) } }
        let projection = StateProjection(states: states, width: 3)
        #expect(abs(projection.explained[0] - 1) < 1e-6)
        #expect(abs(projection.explained[1]) < 1e-6)
        let length = Double(6.0.squareRoot())
        let first = projection.points.flatMap { $0 }
        #expect(first.count == 20 && first.allSatisfy { $0.count == 2 })
        for (p, q) in zip(first, first.dropFirst()) where abs(q[0] - p[0]) < 2 * length {
            #expect(abs(abs(q[0] - p[0]) - length) < 1e-4)
        }
        #expect(first.allSatisfy { abs($0[1]) < 1e-4 }, "second coordinates \(first.map { $0[1] })")
        // Centred: the coordinates along the line sum to zero.
        #expect(abs(first.reduce(0) { $0 + $1[0] }) < 1e-3)
        // The same states give the same picture, sign included.
        let again = StateProjection(states: states, width: 3)
        #expect(again.points == projection.points && again.explained == projection.explained)
    }

    /// An elongated cloud: the first component is the long axis and explains most of the variance.
    @Test func firstComponentIsTheLongAxis() {
        var rng = RandomGenerator(seed: 9)
        var cloud: [[Float]] = []
        for _ in 0..<200 {
            let x = Float(3 * rng.nextNormal())
            let y = Float(0.5 * rng.nextNormal())
            cloud.append([x, y, 0])
        }
        let states = [cloud]
        let projection = StateProjection(states: states, width: 3)
        #expect(projection.explained[0] > 0.9 && projection.explained[1] < 0.1)
        #expect(abs(projection.explained[0] + projection.explained[1] - 1) < 1e-6)
        // The first coordinate follows the first axis.
        for (state, point) in zip(states[0], projection.points[0]) {
            #expect(abs(abs(point[0]) - abs(Double(state[0]))) < 1.5)
        }
    }
}
