import ReckonSupport
import ReckonTasks
import Testing

/// The pointer tasks (sort, convex_hull, tsp): the solvers against brute force, and the metrics on
/// answers whose values are known (`SolverAgreementTests` checks every sample against the solver).
@Suite struct PointerTaskTests {
    static let names = ["sort", "convex_hull", "tsp"]

    func pointerTask(_ name: String) -> any PointerTask { task(name) as! any PointerTask }

    /// Points uniform in the unit square, as the tasks draw them.
    func randomPoints(_ n: Int, _ rng: inout RandomGenerator) -> [(Double, Double)] {
        (0..<n).map { _ in (Double(rng.nextFloat()), Double(rng.nextFloat())) }
    }

    @Test(arguments: names)
    func isAPointerTask(_ name: String) {
        let t = pointerTask(name)
        #expect(t.outputKind == .pointers && t.level == .pointer)
        // The fixed vocabulary of baselines: the positions of the longest training input.
        #expect(t.outputSymbols == (0..<t.inputLength(forLength: t.defaultTrainLength)).map(String.init))
    }

    @Test func sortOutputsAscendingPositions() {
        let t = pointerTask("sort")
        #expect(t.solvePointers([[0.5], [0.1], [0.9], [0.3]]) == [1, 3, 0, 2])
        var rng = RandomGenerator(seed: 1)
        let batch = t.sample(batchSize: 20, length: 15, rng: &rng)
        for b in 0..<20 {
            let values = batch.inputVectors(b).map { $0[0] }
            let sorted = batch.targetRow(b).map { values[$0] }
            #expect(sorted == values.sorted() && Set(batch.targetRow(b)).count == 15)
        }
    }

    /// The hull against brute force: an ordered pair (i, j) is a counter-clockwise hull edge
    /// when every other point lies strictly left of i → j (O(n³)).
    @Test func convexHullMatchesBruteForceEdges() {
        var rng = RandomGenerator(seed: 2)
        for n in Array(3...12) + [20, 30] {
            for _ in 0..<30 {
                let p = randomPoints(n, &rng)
                var edges = Set<[Int]>()
                for i in 0..<n {
                    for j in 0..<n where i != j {
                        if (0..<n).allSatisfy({ $0 == i || $0 == j || PlanarGeometry.cross(p[i], p[j], p[$0]) > 0 }) {
                            edges.insert([i, j])
                        }
                    }
                }
                let hull = PlanarGeometry.convexHull(p)
                let hullEdges = Set(hull.indices.map { [hull[$0], hull[($0 + 1) % hull.count]] })
                #expect(hullEdges == edges, "n=\(n)")
                #expect(hull.first == edges.map { $0[0] }.min())
            }
        }
    }

    @Test func convexHullOfASquareWithInnerPoints() {
        let t = pointerTask("convex_hull")
        // Corners at positions 1, 3, 4, 0 counter-clockwise from (0,0); position 2 is inside.
        let rows: [[Float]] = [[1, 1, 0], [0.1, 0.1, 0], [0.5, 0.5, 0], [0.9, 0.1, 0], [0.1, 0.9, 0], [0, 0, 1]]
        #expect(t.solvePointers(rows) == [0, 4, 1, 3, 5, 5])
        #expect(t.endPosition(inputLength: 6) == 5 && pointerTask("sort").endPosition(inputLength: 6) == nil)
        // Exact answer, the other direction, a triangle, a bow tie, too few points.
        func metrics(_ p: [Int]) -> [Double?] { t.metrics(prediction: p, input: rows) }
        #expect(metrics([0, 4, 1, 3, 5, 5]) == [1, 0])
        #expect(metrics([0, 3, 1, 4, 5, 5]) == [1, 0])
        let triangle = metrics([0, 4, 1, 5, 5, 5])[0]!
        #expect(abs(triangle - 0.32 / 0.64) < 1e-6)
        #expect(metrics([0, 1, 4, 3, 5, 5]) == [nil, 1])
        #expect(metrics([0, 4, 5, 1, 3, 5]) == [nil, 1])
        #expect(metrics([0, 4, 1, 0, 3, 5]) == [nil, 1], "a repeated vertex is not a simple polygon")
    }

    @Test func convexHullRefusesFewerThanThreePoints() {
        let t = pointerTask("convex_hull")
        #expect(throws: TaskError.self) { try t.validate(length: 2) }
        #expect((try? t.validate(length: 500)) != nil)
    }

    /// Held–Karp against every permutation that starts at point 0, n ≤ 8.
    @Test func heldKarpMatchesBruteForce() {
        var rng = RandomGenerator(seed: 3)
        func permutations(_ items: [Int]) -> [[Int]] {
            guard let first = items.first else { return [[]] }
            return permutations(Array(items.dropFirst())).flatMap { rest in
                (0...rest.count).map { k in Array(rest[..<k]) + [first] + Array(rest[k...]) }
            }
        }
        for n in 3...8 {
            for _ in 0..<(n < 8 ? 8 : 2) {
                let d = HeldKarp.distances(randomPoints(n, &rng))
                var best = Double.infinity
                var bestTour: [Int] = []
                for rest in permutations(Array(1..<n)) {
                    let tour = [0] + rest
                    let length = HeldKarp.length(tour, d)
                    if length < best - 1e-12 {
                        best = length
                        bestTour = tour
                    }
                }
                let (tour, length) = HeldKarp.optimalTour(d)
                #expect(abs(length - best) < 1e-9, "n=\(n)")
                #expect(abs(HeldKarp.length(tour, d) - best) < 1e-9)
                #expect(tour == HeldKarp.canonical(bestTour), "n=\(n)")
                #expect(tour[0] == 0 && tour[1] < tour[n - 1] && Set(tour).count == n)
            }
        }
    }

    @Test func tspMetricsAndLimits() {
        let t = pointerTask("tsp")
        // A unit square: the perimeter (4) is optimal, the crossing tour is 2 + 2√2.
        let rows: [[Float]] = [[0, 0], [1, 0], [1, 1], [0, 1]]
        #expect(t.solvePointers(rows) == [0, 1, 2, 3])
        #expect(t.metrics(prediction: [0, 3, 2, 1], input: rows) == [1, 0])
        let crossing = t.metrics(prediction: [0, 2, 1, 3], input: rows)[0]!
        #expect(abs(crossing - (2 + 2 * 2.0.squareRoot()) / 4) < 1e-6)
        #expect(t.metrics(prediction: [0, 1, 1, 3], input: rows) == [nil, 1])
        let error = #expect(throws: TaskError.self) { try t.validate(length: 13) }
        #expect(error?.description.contains("3...12") == true)
        #expect(error.map { !"\($0)".contains("\n") } == true)
        #expect((try? t.validate(length: 12)) != nil)
    }
}
