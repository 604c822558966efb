/// The memory a compile will take, counted from the value sets and the layer schedule before the
/// residual layout, a head or a hidden unit is built, so a program, vocabulary or maximum length
/// too large to compile is refused in one line rather than aborting an allocation of many GiB
/// (`--max-length 1000000000` once asked for 24 GB).
///
/// Every count is an upper bound on what `Blocks` builds: a lookup table has at most one unit per
/// input value, a pair table one per pair, a discretizing MLP two per value; a head's key space is
/// BOS plus every conjunct's key values. Bytes are 12 per parameter (the float32 tensors, a layer's
/// arrays copied into them, and the safetensors bytes `save` encodes: the peak RSS of `rasp compile`
/// less the 25 MB of a trivial one was 11.9 bytes a parameter for lib:reverse at length 200 and
/// 10.0 for lib:length at 2 000), a hidden unit with its two small arrays about 160 bytes, a head
/// weight entry 24, and the residual layout's directions.
struct ModelBudget {
    var parameters = 0.0
    var hiddenUnits = 0.0
    var headEntries = 0.0
    var residualWidth = 0.0

    /// Bytes at the peak of a compile and save.
    var bytes: Double { 12 * parameters + 160 * hiddenUnits + 24 * headEntries + 64 * residualWidth }

    init(
        _ graph: ProgramGraph, values: [[Value]?], schedule: LayerSchedule, vocabulary: Int, maxLength: Int
    ) {
        func count(_ i: Int) -> Double { Double(values[i]?.count ?? 0) }
        func isCategorical(_ i: Int) -> Bool { graph.nodes[i].sop?.encoding == .categorical }
        /// Directions of an s-op in the residual stream (tokens and indices are one-hot).
        func width(_ i: Int) -> Double { isCategorical(i) ? count(i) : 1 }

        let v = Double(vocabulary)
        let n = Double(maxLength)
        var d = 2 + v + n
        var heads = [(count: Double, keySize: Double, valueSize: Double)](
            repeating: (0, 0, 0), count: schedule.layerCount)
        var hidden = [Double](repeating: 0, count: schedule.layerCount)
        for i in schedule.order {
            let node = graph.nodes[i]
            let layer = schedule.sublayer[i]! / 2
            d += width(i)
            func addHead(valueSize: Double) {
                let conjuncts = graph.conjuncts(node.children[0])
                let keys = conjuncts.reduce(1.0) { $0 + width($1.keys) }
                headEntries += conjuncts.reduce(2.0) { $0 + width($1.keys) * (1 + width($1.queries)) } + 2 * valueSize
                heads[layer].count += 1
                heads[layer].keySize = Swift.max(heads[layer].keySize, keys)
                heads[layer].valueSize = Swift.max(heads[layer].valueSize, valueSize)
            }
            func mapUnits(_ a: Int, _ f: Function, _ apply: @escaping (Value) -> Value?) -> Double {
                switch (isCategorical(a), isCategorical(i)) {
                case (true, true): return count(a)
                case (true, false): return 2
                case (false, false) where LinearForm(f) != nil: return 3
                case (false, _): return ModelBudget.discretizingUnits(values[a], apply)
                }
            }
            switch node.sop!.operation {
            case .tokens, .indices: continue
            case .aggregate: addHead(valueSize: isCategorical(i) ? count(i) : 1)
            case .selectorWidth:
                d += 1
                addHead(valueSize: 1)
                hidden[layer] += 2 * Swift.max(count(i), n + 1) + 1
            case .map(let f, _): hidden[layer] += mapUnits(node.children[0], f) { try? f.apply([$0]) }
            case .sequenceMap(let f, _, _):
                let (a, b) = (node.children[0], node.children[1])
                if graph.nodes[a].label == graph.nodes[b].label {
                    let x = f.parameters[0]
                    let g = Function(parameters: [x], body: f.body.substituting(f.parameters[1], with: .variable(x)))
                    hidden[layer] += mapUnits(a, g) { try? f.apply([$0, $0]) }
                } else if isCategorical(a) && isCategorical(b) {
                    hidden[layer] += count(a) * count(b)
                } else {
                    hidden[layer] += 5
                }
            }
        }
        residualWidth = d
        hiddenUnits = hidden.reduce(0, +)
        parameters = (v + 1 + n + 1) * d + d * width(graph.output)  // embeddings and unembedding
        for l in 0..<schedule.layerCount {
            let h = heads[l]
            parameters += 2 * d * h.count * h.keySize + 2 * d * h.count * h.valueSize + 2 * d * hidden[l]
        }
    }

    /// The units of a discretizing MLP over `xs` (`MLPBuilder.discretizing`): a start unit and two
    /// per threshold where f changes. Counted by evaluating f, as building it will: bounding it by
    /// twice the input's values overestimated dyck1's model at length 64 a thousandfold.
    static func discretizingUnits(_ xs: [Value]?, _ f: (Value) -> Value?) -> Double {
        guard let xs else { return 0 }
        let points = xs.compactMap { x -> (x: Double, y: Value)? in
            guard let d = x.number, let y = f(x) else { return nil }
            return (d, y)
        }.sorted { $0.x < $1.x }
        var changes = 0
        for k in points.indices.dropFirst() where points[k].y != points[k - 1].y { changes += 1 }
        return Double(1 + 2 * changes)
    }

    /// Refuses a compile beyond `limit` bytes, naming what drives the size.
    func check(limit: Int, vocabulary: Int, maxLength: Int) throws {
        guard !(bytes <= Double(limit)) else { return }
        throw CompileError(
            "the compiled model would need about \(ModelBudget.format(bytes)) to build "
                + "(\(String(format: "%.2g", parameters)) parameters, residual width "
                + "\(String(format: "%.0f", residualWidth))); the limit is \(ModelBudget.format(Double(limit))): "
                + "lower --max-length (\(maxLength)) or the vocabulary (\(vocabulary) tokens), or use fewer s-ops")
    }

    /// "1.5 GiB", "320 MiB".
    static func format(_ bytes: Double) -> String {
        let mib = bytes / 1_048_576
        guard mib.isFinite else { return "more memory than any computer has" }
        if mib >= 1024 * 1_000_000 { return String(format: "%.2g GiB", mib / 1024) }
        if mib >= 1024 { return String(format: "%.1f GiB", mib / 1024) }
        return String(format: "%.0f MiB", Swift.max(1, mib))
    }
}
