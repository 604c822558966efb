/// Compiler stage 2: the set of values every s-op can take, given the vocabulary and the maximum
/// length (tracr's `basis_inference.infer_bases`):
///
/// - `tokens`: the vocabulary; `indices`: 0 … max−1; `selector_width`: 0 … max;
/// - `map` / `sequence_map`: f over the input set (over all pairs), skipping inputs where f fails;
/// - categorical `aggregate`: the input's set (tracr assumes every selection is a single value or
///   several equal ones; where a program averages different values the verifier finds it);
/// - numerical `aggregate`: every mean of 1 … max input values, plus the default. Tracr instead takes
///   {v / n} for v ∈ {0, 1}, which misses means such as 2/3; Reckon enumerates them exactly.
///
/// A numerical set too large to enumerate is left unknown (nil); that is an error only when a
/// discretizing MLP needs it. So is one that would take the sets of all s-ops together past
/// `CompileOptions.maxStoredValues`. A value float32 cannot hold (inf, NaN, 1e39) is an error.
enum ValueSetInference {
    static func infer(
        _ graph: ProgramGraph, vocabulary: [Value], maxLength: Int,
        options: CompileOptions
    ) throws -> [[Value]?] {
        var sets = [[Value]?](repeating: nil, count: graph.nodes.count)
        var stored = 0
        for (i, node) in graph.nodes.enumerated() {
            guard let sop = node.sop else { continue }
            var set: [Value]?
            func input(_ k: Int) throws -> [Value] {
                guard let s = sets[node.children[k]] else {
                    let child = graph.nodes[node.children[k]]
                    throw CompileError(
                        node,
                        "the values of \(child.label) are too many to enumerate, so the values of "
                            + "\(node.label) cannot be inferred (lower --max-length)")
                }
                return s
            }
            switch sop.operation {
            case .tokens: set = vocabulary
            case .indices: set = (0..<maxLength).map { .number(Double($0)) }
            case .selectorWidth: set = (0...maxLength).map { .number(Double($0)) }
            case .map(let f, _):
                var out = Set<Value>()
                for x in try input(0) { if let y = try? f.apply([x]) { out.insert(y) } }
                set = Array(out)
            case .sequenceMap(let f, _, _):
                let xs = try input(0)
                let ys = try input(1)
                if xs.count * ys.count > options.maxValueSetWork {
                    guard sop.encoding == .numerical else {
                        throw CompileError(node, "\(xs.count) × \(ys.count) input pairs are too many to enumerate")
                    }
                    set = nil
                } else if let form = LinearForm(f), sop.encoding == .numerical {
                    // Pair balances take ~1300 × 1300 pairs at length 64: plain arithmetic, not the evaluator.
                    let a = form.coefficients[0]
                    let b = form.coefficients[1]
                    let c = form.constant
                    let xd = xs.compactMap(\.number)
                    let yd = ys.compactMap(\.number)
                    var out = Set<Double>(minimumCapacity: xd.count * yd.count)
                    for x in xd { for y in yd { out.insert(a * x + b * y + c) } }
                    set = out.map { .number($0) }
                } else {
                    var out = Set<Value>()
                    for x in xs { for y in ys { if let v = try? f.apply([x, y]) { out.insert(v) } } }
                    set = Array(out)
                }
            case .aggregate(_, _, let d):
                let xs = try input(1)
                if sop.encoding == .categorical {
                    set = xs
                } else {
                    set = means(of: xs, maxLength: maxLength, default: d, work: options.maxValueSetWork)
                }
            }
            if let assumed = options.assumedValues[node.label] { set = assumed }
            if let bad = set?.first(where: { !$0.isRepresentable }) {
                throw CompileError(
                    node,
                    "takes the value \(Expr.quoted(bad)), which a compiled model's float32 weights cannot hold")
            }
            if let s = set, stored + s.count > options.maxStoredValues {
                guard sop.encoding == .numerical else {
                    throw CompileError(
                        node,
                        "the value sets of the program's s-ops together pass \(options.maxStoredValues) values "
                            + "(lower --max-length)")
                }
                set = nil
            }
            if var s = set {
                if sop.encoding == .numerical, s.allSatisfy({ $0.number != nil }) {
                    s = Set(s.map { $0.number! }).sorted().map { .number($0) }
                } else {
                    s = Array(Set(s)).sorted(by: Value.precedes)
                }
                if sop.encoding == .categorical && s.count > options.maxCategoricalValues {
                    throw CompileError(
                        node,
                        "takes \(s.count) values, more than \(options.maxCategoricalValues) "
                            + "one-hot directions (lower --max-length or encode it numerically)")
                }
                set = s
                stored += s.count
            }
            sets[i] = set
        }
        return sets
    }

    /// Every mean of 1 … maxLength values drawn (with repetition) from `xs`, and the default.
    static func means(of xs: [Value], maxLength: Int, default d: Value?, work: Int) -> [Value]? {
        let numbers = xs.compactMap(\.number)
        var out = Set<Double>()
        if let d = d?.number { out.insert(d) }
        if Set(numbers).isSubset(of: [0, 1]) {
            // The mean of k ones among n values is exactly the Double k/n, as Python's sum(xs)/len(xs).
            let hasZero = numbers.contains(0)
            let hasOne = numbers.contains(1)
            for n in 1...Swift.max(1, maxLength) {
                for k in 0...n where (k > 0 || hasZero) && (k < n || hasOne) { out.insert(Double(k) / Double(n)) }
            }
        } else {
            var sums: Set<Double> = [0]
            for n in 1...Swift.max(1, maxLength) {
                guard sums.count * numbers.count <= work else { return nil }
                var next = Set<Double>()
                for s in sums { for x in numbers { next.insert(s + x) } }
                sums = next
                for s in sums { out.insert(s / Double(n)) }
                guard out.count <= work else { return nil }
            }
        }
        return out.map { .number($0) }
    }
}
