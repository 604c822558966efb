/// The MLP constructions (tracr's `categorical_mlp` and `numerical_mlp` chambers), as hidden units.
enum MLPBuilder {
    /// Where an MLP writes: a categorical s-op's directions by value, or a numerical direction.
    struct Target {
        let span: ResidualLayout.Span

        /// The output weights that add `scale` × (the encoding of v).
        func write(_ v: Value, _ scale: Double) -> [(Int, Double)] {
            switch span.encoding {
            case .categorical: return span.direction(of: v).map { [($0, scale)] } ?? []
            case .numerical:
                guard let d = v.number, d != 0 else { return [] }
                return [(span.start, d * scale)]
            }
        }
    }

    /// Categorical → categorical map as a lookup table (tracr's `map_categorical_mlp`): one hidden
    /// unit per output value, fed by every input value that maps to it.
    static func lookupTable(input: ResidualLayout.Span, target: Target, _ f: (Value) -> Value?) -> [HiddenUnit] {
        var byOutput: [Value: [(Int, Double)]] = [:]
        var order: [Value] = []
        for (i, x) in input.values.enumerated() {
            guard let y = f(x), target.span.direction(of: y) != nil else { continue }
            if byOutput[y] == nil { order.append(y) }
            byOutput[y, default: []].append((input.start + i, 1))
        }
        return order.map { HiddenUnit(input: byOutput[$0]!, output: target.write($0, 1)) }
    }

    /// Categorical → numerical map: f(x) split into its positive and negative parts, one unit each.
    /// Tracr's `map_categorical_to_numerical_mlp` has only the positive unit, so negative outputs
    /// clip to 0 there (tracr issue #24).
    static func categoricalToNumber(
        input: ResidualLayout.Span, target: Target,
        _ f: (Value) -> Value?
    ) -> [HiddenUnit] {
        var positive: [(Int, Double)] = []
        var negative: [(Int, Double)] = []
        for (i, x) in input.values.enumerated() {
            guard let y = f(x)?.number else { continue }
            if y > 0 { positive.append((input.start + i, y)) }
            if y < 0 { negative.append((input.start + i, -y)) }
        }
        var units: [HiddenUnit] = []
        if !positive.isEmpty { units.append(HiddenUnit(input: positive, output: [(target.span.start, 1)])) }
        if !negative.isEmpty { units.append(HiddenUnit(input: negative, output: [(target.span.start, -1)])) }
        return units
    }

    /// Categorical × categorical → either, as a table of pairs (tracr's `sequence_map_categorical_mlp`):
    /// the unit of (xᵢ, yⱼ) is ReLU(xᵢ + yⱼ − 1), 1 exactly when both one-hots are on.
    static func pairTable(
        _ a: ResidualLayout.Span, _ b: ResidualLayout.Span, one: Int, target: Target,
        _ f: (Value, Value) -> Value?
    ) -> [HiddenUnit] {
        var units: [HiddenUnit] = []
        for (i, x) in a.values.enumerated() {
            for (j, y) in b.values.enumerated() {
                guard let v = f(x, y) else { continue }
                let out = target.write(v, 1)
                if out.isEmpty { continue }
                units.append(HiddenUnit(input: [(a.start + i, 1), (b.start + j, 1), (one, -1)], output: out))
            }
        }
        return units
    }

    /// A linear function of numerical directions: each input through ReLU(x) and ReLU(−x), the
    /// constant through ReLU(one) (tracr's `linear_sequence_map_numerical_mlp`, plus a constant).
    static func linear(inputs: [Int], form: LinearForm, one: Int, target: Int) -> [HiddenUnit] {
        var units: [HiddenUnit] = []
        for (r, c) in zip(inputs, form.coefficients) where c != 0 {
            units.append(HiddenUnit(input: [(r, 1)], output: [(target, c)]))
            units.append(HiddenUnit(input: [(r, -1)], output: [(target, -c)]))
        }
        if form.constant != 0 {
            units.append(HiddenUnit(input: [(one, 1)], output: [(target, form.constant)]))
        }
        return units
    }

    /// A function of one numerical direction known to take only the values `points` (sorted
    /// ascending, with f's value at each), as tracr's discretizing MLP (`numerical_mlp`): a `start`
    /// unit writes f(v₀), and at each threshold t between neighbours where f changes, the pair
    /// ReLU(L(x−t) + 1) − ReLU(L(x−t)) switches from 0 to 1 and adds the difference.
    ///
    /// The pair is exactly 1 for x ≥ t and exactly 0 for x ≤ t − 1/L. Tracr uses L = 100 for every
    /// MLP, so values closer than 1/100 to a threshold come out blended; here L = 2·sharpness/gap
    /// for each threshold (gap = the distance between its neighbours), so every value in the set is
    /// at least a quarter gap (at the default sharpness 2) clear of the ramp. Thresholds where f
    /// does not change get no units.
    static func discretizing(
        input: Int, points: [(x: Double, y: Value)], one: Int, target: Target,
        sharpness: Double
    ) -> [HiddenUnit] {
        guard let first = points.first else { return [] }
        var units = [HiddenUnit(input: [(one, 1)], output: target.write(first.y, 1))]
        for k in 1..<Swift.max(1, points.count) where points[k].y != points[k - 1].y {
            let lo = points[k - 1]
            let hi = points[k]
            let t = (lo.x + hi.x) / 2
            let slope = 2 * sharpness / (hi.x - lo.x)
            let up = target.write(hi.y, 1) + target.write(lo.y, -1)
            let down = target.write(hi.y, -1) + target.write(lo.y, 1)
            units.append(HiddenUnit(input: [(input, slope), (one, 1 - slope * t)], output: up))
            units.append(HiddenUnit(input: [(input, slope), (one, -slope * t)], output: down))
        }
        return units
    }
}
