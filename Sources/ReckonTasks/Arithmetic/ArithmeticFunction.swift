import ReckonSupport

/// arithmetic_function: Madsen & Johansen's static function task (ICLR 2020; stable-nalu
/// `dataset/simple_function_static.py` and `_simple_function_abstact.py`).
///
/// The input is one vector of `input_size` values drawn uniformly from a range; a is the sum of
/// one contiguous subset of it, b the sum of another, and the target is a ∘ b. Subsets have
/// floor(subset_ratio · input_size) elements, the second starts floor(overlap_ratio · subset)
/// elements before the first ends, and the pair sits at an offset drawn once from `subset_seed`
/// (the reference draws it from the run's seed; pass the run seed here to do the same).
/// The task has two "lengths": 1 samples the interpolation range (training), 2 the
/// extrapolation range, so the Lab's score (lengths above the training length) is extrapolation.
public struct ArithmeticFunction: RealValuedTask, ConfigurableTask {
    /// The settings of `arithmetic_function` (the reference's defaults).
    public struct Settings: SettingGroup {
        @Setting("operation", "the operation a ∘ b") public var operation = ArithmeticOperation.add
        @Setting("input_size", "values in the input vector", minimum: 1, maximum: Double(maximumTaskLength))
        public var vectorSize = 100
        @Setting("subset_ratio", "subset size as a fraction of input_size", maximum: 1, above: 0)
        public var subsetRatio = 0.25
        @Setting("overlap_ratio", "overlap of the two subsets as a fraction of the subset size", minimum: 0, maximum: 1)
        public var overlapRatio = 0.5
        @Setting("interpolation_low", "training range U[low, high): low") public var interpolationLow = 1.0
        @Setting("interpolation_high", "training range: high") public var interpolationHigh = 2.0
        @Setting("extrapolation_low", "extrapolation range U[low, high): low") public var extrapolationLow = 2.0
        @Setting("extrapolation_high", "extrapolation range: high") public var extrapolationHigh = 6.0
        @Setting("subset_seed", "seed of the subsets' random offset (the reference uses the run seed)")
        public var subsetSeed: UInt64 = 0

        public init() {}

        public func problem() -> String? {
            if interpolationHigh <= interpolationLow {
                return "interpolation_high (\(interpolationHigh)) must be above interpolation_low (\(interpolationLow))"
            }
            if extrapolationHigh <= extrapolationLow {
                return "extrapolation_high (\(extrapolationHigh)) must be above extrapolation_low (\(extrapolationLow))"
            }
            let task = ArithmeticFunction(self)
            // The reference raises 'too many subsets given the subset and overlap ratios' here.
            if task.subsetSize < 1 {
                return "subset_ratio \(subsetRatio) gives subsets of no element for input_size \(vectorSize)"
            }
            if task.usedSize > vectorSize {
                return "subset_ratio \(subsetRatio) and overlap_ratio \(overlapRatio) give two subsets that do not "
                    + "fit in input_size \(vectorSize)"
            }
            return nil
        }
    }

    public var settings = Settings()
    public var operation: ArithmeticOperation { settings.operation }
    public var vectorSize: Int { settings.vectorSize }
    public var subsetRatio: Double { settings.subsetRatio }
    public var overlapRatio: Double { settings.overlapRatio }
    public var interpolation: ClosedRange<Double> { settings.interpolationLow...settings.interpolationHigh }
    public var extrapolation: ClosedRange<Double> { settings.extrapolationLow...settings.extrapolationHigh }
    public var subsetSeed: UInt64 { settings.subsetSeed }

    /// The ε of the near-perfect solution whose error is the success threshold (the paper's 1e-5).
    public static let nearPerfectEpsilon = 1e-5
    /// Samples of the threshold's Monte Carlo estimate (the reference's R script simulates 10^6
    /// in double precision; 50 000 keep the estimate within about 1% at a few milliseconds).
    public static let thresholdSamples = 50_000

    public init() {}

    init(_ settings: Settings) { self.settings = settings }

    public var name: String { "arithmetic_function" }
    public var level: TaskLevel { .arithmetic }
    public var summary: String {
        "a ∘ b for sums a, b of two overlapping subsets of a real vector (static function task)"
    }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String {
        "length 1 = interpolation range U[\(interpolation.lowerBound), \(interpolation.upperBound)], "
            + "length 2 = extrapolation range U[\(extrapolation.lowerBound), \(extrapolation.upperBound)]"
    }
    public var inputSymbols: [String] { (0..<vectorSize).map { "x\($0)" } }
    public var outputSymbols: [String] { ["y"] }
    public var defaultTrainLength: Int { 1 }
    public var defaultEvalMaxLength: Int { 2 }

    public func outputLength(forInputLength length: Int) -> Int { 1 }
    public func inputLength(forLength length: Int) -> Int { 1 }

    public func validate(length: Int) throws {
        guard (1...2).contains(length) else {
            throw TaskError.invalidLength(task: name, length: length, valid: "1 (interpolation) or 2 (extrapolation)")
        }
    }

    // MARK: subsets

    /// floor(subset_ratio · input_size), as the reference's `math.floor`.
    public var subsetSize: Int { Int((subsetRatio * Double(vectorSize)).rounded(.down)) }
    /// floor(overlap_ratio · subset size).
    public var overlapSize: Int { Int((overlapRatio * Double(subsetSize)).rounded(.down)) }
    /// Elements spanned by both subsets together.
    var usedSize: Int { 2 * subsetSize - overlapSize }

    /// The two subsets as index ranges: [offset, offset + s) and [offset + s − o, offset + 2s − o),
    /// with the offset uniform in 0...(input_size − used), drawn from `subset_seed`.
    public var subsets: (a: Range<Int>, b: Range<Int>) {
        var rng = RandomGenerator(seed: subsetSeed)
        let offset = rng.nextInt(in: 0...(vectorSize - usedSize))
        let s = subsetSize
        let o = overlapSize
        return (offset..<offset + s, offset + s - o..<offset + 2 * s - o)
    }

    /// The range `length` samples from.
    public func range(forLength length: Int) -> ClosedRange<Double> { length == 1 ? interpolation : extrapolation }

    // MARK: sampling

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let range = range(forLength: length)
        let (a, b) = subsets
        let n = vectorSize
        var input = [Float](repeating: 0, count: batchSize * n)
        var target = [Float](repeating: 0, count: batchSize)
        var prefix = [Double](repeating: 0, count: n + 1)
        for e in 0..<batchSize {
            for i in 0..<n {
                let v = Float(range.lowerBound + (range.upperBound - range.lowerBound) * rng.nextDouble())
                input[e * n + i] = v
                prefix[i + 1] = prefix[i] + Double(v)
            }
            // Sums from prefix sums (the solver adds element by element instead).
            let sa = prefix[a.upperBound] - prefix[a.lowerBound]
            let sb = prefix[b.upperBound] - prefix[b.lowerBound]
            target[e] = Float(operation.apply(sa, sb))
        }
        return Batch(
            batchSize: batchSize, inputLength: 1, outputLength: 1,
            input: .reals(input, width: n), target: .reals(target, width: 1))
    }

    /// a ∘ b recomputed from the input vector: each element checked for membership in each subset.
    public func solveValues(_ input: [Double]) -> [Double] {
        precondition(input.count == vectorSize, "input must hold input_size values")
        let (a, b) = subsets
        var sa = 0.0
        var sb = 0.0
        for (i, v) in input.enumerated() {
            if a.contains(i) { sa += v }
            if b.contains(i) { sb += v }
        }
        return [operation.apply(sa, sb)]
    }

    /// The mean squared error, on this range, of the near-perfect solution: both first-layer rows
    /// weigh their subset 1 − ε and every other element ε (ε = 1e-5), the second layer is exact
    /// (the reference's export/function_task_static_mse_expectation.r). Estimated by Monte Carlo
    /// from a fixed stream, so every run compares against the same number.
    public func successThreshold(forLength length: Int) -> Double {
        let range = range(forLength: length)
        let (a, b) = subsets
        let eps = Self.nearPerfectEpsilon
        var rng = RandomGenerator(seed: 0x7E57_0F_5EED &+ UInt64(length))
        var total = 0.0
        for _ in 0..<Self.thresholdSamples {
            var sa = 0.0
            var sb = 0.0
            var all = 0.0
            for i in 0..<vectorSize {
                let v = range.lowerBound + (range.upperBound - range.lowerBound) * rng.nextDouble()
                all += v
                if a.contains(i) { sa += v }
                if b.contains(i) { sb += v }
            }
            let za = (1 - eps) * sa + eps * (all - sa)
            let zb = (1 - eps) * sb + eps * (all - sb)
            let d = operation.apply(za, zb) - operation.apply(sa, sb)
            total += d * d
        }
        return total / Double(Self.thresholdSamples)
    }
}
