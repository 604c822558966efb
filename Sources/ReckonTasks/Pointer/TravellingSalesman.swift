import ReckonSupport

/// tsp (Vinyals et al. 2015, §4.3): n points uniform in the unit square; the answer is the
/// shortest closed tour, as positions from point 0 (turned so its second point has the smaller
/// index than its last, one answer per tour). The optimum is exact (`HeldKarp`), which limits n
/// to 12. Metrics: exact accuracy (the Lab's), and the predicted tour's length over the optimal
/// one (1.0 is perfect), counted only for valid tours (a permutation of the points);
/// `invalid_tour` is the fraction of answers that are not. Setup: train 5...10, evaluate to 12.
public struct TravellingSalesman: PointerTask {
    /// Largest n: Held–Karp's 2ⁿ·n table for every example of every batch.
    public static let maximumPoints = 12
    public init() {}
    public var name: String { "tsp" }
    public var summary: String { "the shortest closed tour through the points, from point 0 (exact, Held-Karp)" }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "L points, 3 <= L <= \(Self.maximumPoints) (the exact optimum is Held-Karp's)" }
    public var inputSymbols: [String] { ["x", "y"] }
    public var defaultTrainLength: Int { 10 }
    public var defaultEvalMaxLength: Int { 12 }
    public var metricNames: [String] { ["tour_length_ratio", "invalid_tour"] }

    public func outputLength(forInputLength length: Int) -> Int { length }

    public func validate(length: Int) throws {
        guard length >= 3, length <= Self.maximumPoints else {
            throw TaskError.invalidLength(
                task: name, length: length,
                valid: "3...\(Self.maximumPoints) (Held-Karp's exact optimum grows as 2^n n^2)")
        }
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var values = [Float](repeating: 0, count: batchSize * length * 2)
        var target = [Int](repeating: 0, count: batchSize * length)
        for b in 0..<batchSize {
            var points: [(Double, Double)] = []
            for t in 0..<length {
                let x = rng.nextFloat()
                let y = rng.nextFloat()
                values[(b * length + t) * 2] = x
                values[(b * length + t) * 2 + 1] = y
                points.append((Double(x), Double(y)))
            }
            let tour = HeldKarp.optimalTour(HeldKarp.distances(points)).tour
            for (k, i) in tour.enumerated() { target[b * length + k] = i }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length,
            input: .reals(values, width: 2), target: .pointers(target))
    }

    public func solvePointers(_ input: [[Float]]) -> [Int] {
        HeldKarp.optimalTour(HeldKarp.distances(input.map { (Double($0[0]), Double($0[1])) })).tour
    }

    public func metrics(prediction: [Int], input: [[Float]]) -> [Double?] {
        let d = HeldKarp.distances(input.map { (Double($0[0]), Double($0[1])) })
        guard prediction.count == input.count, Set(prediction) == Set(input.indices) else { return [nil, 1] }
        let best = HeldKarp.optimalTour(d).length
        return [best > 0 ? HeldKarp.length(prediction, d) / best : nil, 0]
    }
}
