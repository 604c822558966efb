import ReckonTensor

/// Compiler stage 5: every scheduled s-op's attention head or MLP units, grouped by layer, and the
/// dense weight matrices they add up to.
struct Blocks {
    /// Per layer: its heads, with their description, and its MLPs.
    var heads: [[(ModelArchitecture.Head, HeadWeights)]]
    var mlps: [[(ModelArchitecture.MLP, [HiddenUnit])]]

    init(
        _ graph: ProgramGraph, values: [[Value]?], schedule: LayerSchedule, layout: ResidualLayout,
        options: CompileOptions
    ) throws {
        heads = Array(repeating: [], count: schedule.layerCount)
        mlps = Array(repeating: [], count: schedule.layerCount)
        func span(_ i: Int) -> ResidualLayout.Span { layout.span(graph.nodes[i].label)! }
        func conjuncts(_ selector: Int) -> [AttentionBuilder.Conjunct] {
            graph.conjuncts(selector).map { (span($0.queries), span($0.keys), $0.predicate) }
        }
        let coldness = options.softmaxColdness
        for i in schedule.order {
            let node = graph.nodes[i]
            let layer = schedule.sublayer[i]! / 2
            let out = span(i)
            func addHead(_ kind: String, value: String?, _ w: HeadWeights) {
                let head = ModelArchitecture.Head(
                    label: node.label, kind: kind,
                    selector: graph.selectorText(node.children[0]), value: value,
                    keySize: w.keySize, valueSize: w.valueSize)
                heads[layer].append((head, w))
            }
            func addMLP(_ kind: String, inputs: [String], _ units: [HiddenUnit]) {
                mlps[layer].append(
                    (
                        ModelArchitecture.MLP(
                            label: node.label, kind: kind, inputs: inputs,
                            hidden: units.count), units
                    ))
            }
            switch node.sop!.operation {
            case .tokens, .indices: continue
            case .aggregate:
                let v = node.children[1]
                addHead(
                    "aggregate", value: graph.nodes[v].label,
                    AttentionBuilder.aggregate(
                        conjuncts(node.children[0]), values: span(v), output: out,
                        layout: layout, coldness: coldness))
            case .selectorWidth:
                let width = out.widthDirection!
                addHead(
                    "selector_width", value: nil,
                    AttentionBuilder.selectorWidth(
                        conjuncts(node.children[0]), widthDirection: width,
                        layout: layout, coldness: coldness))
                // Its MLP reads x = 1/(w+1) for each width w the s-op may take.
                let points = (out.encoding == .categorical ? out.values : values[i] ?? [])
                    .compactMap { v -> (x: Double, y: Value)? in
                        guard let w = v.number, w >= 0 else { return nil }
                        return (1 / (w + 1), v)
                    }.sorted { $0.x < $1.x }
                addMLP(
                    "selector width", inputs: ["\(node.label).width"],
                    MLPBuilder.discretizing(
                        input: width, points: points, one: layout.one, target: .init(span: out),
                        sharpness: options.discretizationSharpness))
            case .map(let f, _):
                let a = node.children[0]
                let (kind, units) = try Compiler.mapUnits(
                    node, f, input: span(a), inputValues: values[a], output: out,
                    layout: layout, options: options)
                addMLP(kind, inputs: [graph.nodes[a].label], units)
            case .sequenceMap(let f, _, _):
                let a = node.children[0]
                let b = node.children[1]
                let (kind, units) = try Compiler.sequenceMapUnits(
                    node, f, span(a), span(b),
                    values: (values[a], values[b]), output: out,
                    layout: layout, options: options)
                addMLP(kind, inputs: [graph.nodes[a].label, graph.nodes[b].label], units)
            }
        }
    }

    /// The architecture's layers.
    var layers: [ModelArchitecture.Layer] {
        zip(heads, mlps).map { h, m in
            ModelArchitecture.Layer(
                heads: h.map(\.0), keySize: h.map(\.1.keySize).max() ?? 0,
                valueSize: h.map(\.1.valueSize).max() ?? 0, mlps: m.map(\.0))
        }
    }

    /// The dense weights of every layer: heads side by side (zero-padded to the layer's widest), MLP
    /// units side by side. Every hidden unit also gets a weight from `tokens:BOS` that holds it at or below −1
    /// at BOS, where the residual is known: `one`, `tokens:BOS`, and 1 in each selector-width head's
    /// direction from its layer on (see `Compiler`).
    func weights(layout: ResidualLayout) -> [String: Tensor] {
        let d = layout.width
        var bosResidual = [Double](repeating: 0, count: d)
        bosResidual[layout.one] = 1
        bosResidual[layout.bos] = 1
        var tensors: [String: Tensor] = [:]
        for (l, layer) in layers.enumerated() {
            let h = heads[l].count
            let k = layer.keySize
            let e = layer.valueSize
            if h > 0 {
                var q = [Float](repeating: 0, count: d * h * k)
                var kw = q
                var v = [Float](repeating: 0, count: d * h * e)
                var o = v
                for (n, (head, w)) in heads[l].enumerated() {
                    for (r, c, x) in w.query { q[r * h * k + n * k + c] += Float(x) }
                    for (r, c, x) in w.key { kw[r * h * k + n * k + c] += Float(x) }
                    for (r, c, x) in w.value { v[r * h * e + n * e + c] += Float(x) }
                    for (c, r, x) in w.output {
                        o[(n * e + c) * d + r] += Float(x)
                        if head.kind == "selector_width" { bosResidual[r] = 1 }
                    }
                }
                tensors["layers.\(l).attention.query.weight"] = Tensor(q, shape: [d, h * k])
                tensors["layers.\(l).attention.key.weight"] = Tensor(kw, shape: [d, h * k])
                tensors["layers.\(l).attention.value.weight"] = Tensor(v, shape: [d, h * e])
                tensors["layers.\(l).attention.output.weight"] = Tensor(o, shape: [h * e, d])
            }
            let units = mlps[l].flatMap(\.1)
            guard !units.isEmpty else { continue }
            let hidden = units.count
            var w1 = [Float](repeating: 0, count: d * hidden)
            var w2 = [Float](repeating: 0, count: hidden * d)
            for (u, unit) in units.enumerated() {
                var atBOS = 0.0
                for (r, x) in unit.input {
                    w1[r * hidden + u] += Float(x)
                    atBOS += x * bosResidual[r]
                }
                if atBOS > -1 { w1[layout.bos * hidden + u] -= Float(atBOS + 1) }
                for (r, x) in unit.output { w2[u * d + r] += Float(x) }
            }
            tensors["layers.\(l).mlp.hidden.weight"] = Tensor(w1, shape: [d, hidden])
            tensors["layers.\(l).mlp.output.weight"] = Tensor(w2, shape: [hidden, d])
        }
        return tensors
    }
}
