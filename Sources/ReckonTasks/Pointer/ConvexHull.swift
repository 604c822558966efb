import ReckonSupport

/// convex_hull (Vinyals et al. 2015, §4.2): n points uniform in the unit square; the answer is
/// the hull's vertices counter-clockwise starting from the lowest index, then an end marker.
///
/// Input: n + 1 rows of (x, y, marker): the points, then the end-marker row (0, 0, 1), which
/// the answer points at to stop (the paper's ⇐ symbol). Output: n + 1 steps (a hull can hold
/// every point); after the marker the target repeats it with mask 0. Metrics: exact sequence
/// accuracy (the Lab's accuracy), and the area of the predicted polygon over the true hull's,
/// counted only for simple polygons (the paper writes FAIL otherwise); `invalid_polygon` is
/// the fraction of answers that are not simple polygons. Literature setup: train n = 5...50,
/// evaluate up to 500.
public struct ConvexHull: PointerTask {
    public init() {}
    public var name: String { "convex_hull" }
    public var summary: String { "the hull's points counter-clockwise from the lowest index, then the end marker" }
    public var outputLengthRule: String { "L + 1 (mask ends after the marker)" }
    public var lengthNote: String { "L points (L >= 3); the input has L + 1 rows (end marker last)" }
    public var inputSymbols: [String] { ["x", "y", "end_marker"] }
    public var defaultTrainLength: Int { 50 }
    public var defaultEvalMaxLength: Int { 500 }
    public var metricNames: [String] { ["area_coverage", "invalid_polygon"] }

    public func inputLength(forLength length: Int) -> Int { length + 1 }
    public func outputLength(forInputLength length: Int) -> Int { length }

    public func validate(length: Int) throws {
        guard length >= 3, length <= maximumTaskLength else {
            throw TaskError.invalidLength(
                task: name, length: length, valid: "3...\(maximumTaskLength) (a hull needs 3 points)")
        }
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let rows = length + 1
        var values = [Float](repeating: 0, count: batchSize * rows * 3)
        var target = [Int](repeating: length, count: batchSize * rows)
        var mask = [Float](repeating: 0, count: batchSize * rows)
        for b in 0..<batchSize {
            var points: [(Double, Double)] = []
            for t in 0..<length {
                let x = rng.nextFloat()
                let y = rng.nextFloat()
                values[(b * rows + t) * 3] = x
                values[(b * rows + t) * 3 + 1] = y
                points.append((Double(x), Double(y)))
            }
            values[(b * rows + length) * 3 + 2] = 1
            let hull = PlanarGeometry.convexHull(points)
            for (k, i) in hull.enumerated() { target[b * rows + k] = i }
            for k in 0...hull.count { mask[b * rows + k] = 1 }
        }
        return Batch(
            batchSize: batchSize, inputLength: rows, outputLength: rows,
            input: .reals(values, width: 3), target: .pointers(target), mask: mask)
    }

    /// Gift wrapping from the lowest-index hull vertex: its successor is the point with every
    /// other point strictly to the left of the edge (a different algorithm from the generator's).
    public func solvePointers(_ input: [[Float]]) -> [Int] {
        let n = input.firstIndex { $0[2] > 0.5 } ?? input.count
        let points = input[..<n].map { (Double($0[0]), Double($0[1])) }
        func isEdge(_ i: Int, _ j: Int) -> Bool {
            i != j
                && (0..<n).allSatisfy { k in
                    k == i || k == j || PlanarGeometry.cross(points[i], points[j], points[k]) > 0
                }
        }
        guard let start = (0..<n).first(where: { i in (0..<n).contains { isEdge(i, $0) } }) else {
            return [Int](repeating: n, count: n + 1)
        }
        var hull = [start]
        var current = start
        while let next = (0..<n).first(where: { isEdge(current, $0) }), next != start, hull.count <= n {
            hull.append(next)
            current = next
        }
        return hull + [Int](repeating: n, count: n + 1 - hull.count)
    }

    /// The end-marker row is the input's last.
    public func endPosition(inputLength: Int) -> Int? { inputLength - 1 }

    public func metrics(prediction: [Int], input: [[Float]]) -> [Double?] {
        let n = input.firstIndex { $0[2] > 0.5 } ?? input.count
        let points = input[..<n].map { (Double($0[0]), Double($0[1])) }
        let polygon = Array(prediction.prefix { $0 != n })
        guard polygon.allSatisfy({ $0 >= 0 && $0 < n }), PlanarGeometry.isSimple(polygon, points) else {
            return [nil, 1]
        }
        let truth = PlanarGeometry.area(PlanarGeometry.convexHull(points), points)
        return [truth > 0 ? PlanarGeometry.area(polygon, points) / truth : nil, 0]
    }
}
