import ReckonTensor

/// Compiles a RASP program into transformer weights, in tracr's stages: program → graph
/// (`ProgramGraph`), value sets (`ValueSetInference`), residual layout (`ResidualLayout`),
/// layer schedule (`LayerSchedule`), then weights (`AttentionBuilder`, `MLPBuilder`).
///
/// What holds at the BOS position, and why it matters: BOS carries only `one`, `tokens:BOS` and
/// the selector-width head outputs (1 there), never an s-op's value. Attention keeps it so because
/// a BOS query selects only BOS (through `one`) and BOS's value is zero; MLPs keep it so because
/// every hidden unit gets a weight from `tokens:BOS` that holds it at or below −1 there. An empty
/// selection therefore reads a clean zero from BOS: None for a categorical aggregate, 0 for a
/// numerical one. (Tracr leaves discretizing MLPs firing at BOS and needs a clean-up MLP for
/// selector width; here no MLP writes at BOS at all.)
public enum Compiler {
    public static func compile(
        _ program: Program, vocabulary: [Value], maxLength: Int,
        options: CompileOptions = CompileOptions()
    ) throws -> CompiledModel {
        guard (1...RaspLimits.maxLength).contains(maxLength) else {
            throw CompileError("the maximum length must be between 1 and \(RaspLimits.maxLength), got \(maxLength)")
        }
        guard vocabulary.count <= RaspLimits.vocabulary else {
            throw CompileError(
                "the vocabulary has \(vocabulary.count) tokens; a compiled model takes at most "
                    + "\(RaspLimits.vocabulary)")
        }
        let vocabulary = Array(Set(vocabulary)).sorted(by: Value.precedes)
        guard !vocabulary.isEmpty else { throw CompileError("the vocabulary is empty") }
        if let bad = vocabulary.first(where: { !$0.isRepresentable }) {
            throw CompileError("the token \(bad) is beyond float32's range, which the compiled weights use")
        }
        let graph = program.graph
        if let name = graph.numericalInput {
            throw CompileError("\(name) must be categorical (as in tracr); use numerical(map(x -> x, \(name))) instead")
        }
        try check(graph)
        try checkAssumptions(options.assumedValues, graph)
        let values = try ValueSetInference.infer(graph, vocabulary: vocabulary, maxLength: maxLength, options: options)
        let schedule = LayerSchedule(graph)
        try ModelBudget(graph, values: values, schedule: schedule, vocabulary: vocabulary.count, maxLength: maxLength)
            .check(limit: options.maxModelBytes, vocabulary: vocabulary.count, maxLength: maxLength)

        let layout = try residualLayout(
            graph, values: values, schedule: schedule, vocabulary: vocabulary,
            maxLength: maxLength)
        let blocks = try Blocks(graph, values: values, schedule: schedule, layout: layout, options: options)
        var tensors = blocks.weights(layout: layout)
        tensors.merge(embeddings(layout: layout, output: graph.nodes[graph.output].label)) { a, _ in a }
        // Value sets are checked for float32's range, but a discretizing MLP's slope grows as values
        // crowd together (2·sharpness/gap), so the weights themselves are checked too.
        for (name, tensor) in tensors.sorted(by: { $0.key < $1.key })
        where !tensor.withUnsafeBufferPointer({ $0.allSatisfy(\.isFinite) }) {
            throw CompileError(
                "the weights of \(name) are not finite in float32: the program's values are too large "
                    + "or too close together for a compiled model")
        }
        let architecture = ModelArchitecture(
            layers: blocks.layers, output: graph.nodes[graph.output].label,
            tracrLayerCount: LayerSchedule.tracrLayerCount(graph),
            softmaxColdness: options.softmaxColdness)
        return CompiledModel(program: program, layout: layout, architecture: architecture, tensors: tensors)
    }

    /// Stage 3: the residual stream, s-ops in the order they are computed.
    static func residualLayout(
        _ graph: ProgramGraph, values: [[Value]?], schedule: LayerSchedule,
        vocabulary: [Value], maxLength: Int
    ) throws -> ResidualLayout {
        var layout = ResidualLayout(vocabulary: vocabulary, maxLength: maxLength)
        for i in schedule.order {
            let node = graph.nodes[i]
            let sop = node.sop!
            if sop.encoding == .categorical, values[i] == nil {
                throw CompileError(node, "its values cannot be enumerated")
            }
            var isWidth = false
            if case .selectorWidth = sop.operation { isWidth = true }
            layout.add(
                label: node.label, encoding: sop.encoding,
                values: sop.encoding == .numerical ? [] : values[i] ?? [], width: isWidth)
        }
        return layout
    }

    /// The token and position embeddings, and the unembedding that reads the output's directions.
    static func embeddings(layout: ResidualLayout, output label: String) -> [String: Tensor] {
        let d = layout.width
        let vocabulary = layout.vocabulary
        let maxLength = layout.maxLength
        var tokenRows = [Float](repeating: 0, count: (vocabulary.count + 1) * d)
        tokenRows[layout.one] = 1
        tokenRows[layout.bos] = 1
        let tokenSpan = layout.spans[0]
        for j in vocabulary.indices {
            tokenRows[(j + 1) * d + layout.one] = 1
            tokenRows[(j + 1) * d + tokenSpan.start + j] = 1
        }
        // Position 0 (BOS) has no index, as in tracr: RASP's indices count the tokens after BOS.
        var positionRows = [Float](repeating: 0, count: (maxLength + 1) * d)
        let indexSpan = layout.spans[1]
        for p in 1...maxLength { positionRows[p * d + indexSpan.start + p - 1] = 1 }
        let output = layout.span(label)!
        var unembed = [Float](repeating: 0, count: d * output.count)
        for j in 0..<output.count { unembed[(output.start + j) * output.count + j] = 1 }
        return [
            "embedding.tokens": Tensor(tokenRows, shape: [vocabulary.count + 1, d]),
            "embedding.positions": Tensor(positionRows, shape: [maxLength + 1, d]),
            "unembedding.weight": Tensor(unembed, shape: [d, output.count]),
        ]
    }

    /// `--assume` names only s-ops of the program: an assumption about a label the program does
    /// not have would otherwise be ignored without a word.
    static func checkAssumptions(_ assumed: [String: [Value]], _ graph: ProgramGraph) throws {
        let labels = graph.sopIndices.map { graph.nodes[$0].label }
        for label in assumed.keys.sorted() where !labels.contains(label) {
            throw CompileError(
                "cannot assume the values of '\(label)': the program has no s-op of that name "
                    + "(its s-ops are \(labels.joined(separator: ", ")))")
        }
        for (label, values) in assumed.sorted(by: { $0.key < $1.key }) {
            if let bad = values.first(where: { !$0.isRepresentable }) {
                throw CompileError("the assumed value \(bad) of '\(label)' is beyond float32's range")
            }
        }
    }

    /// Static checks tracr makes in `validating.py` and `expr_to_craft_graph.py`, and the bound on
    /// a selector's conjuncts (a DSL program can double them with every `&&`).
    static func check(_ graph: ProgramGraph) throws {
        for node in graph.nodes {
            if let selector = node.selector {
                guard selector.conjunctCount <= RaspLimits.selectorConjuncts else {
                    throw CompileError(
                        node,
                        "joins \(selector.conjunctCount) selects; a selector joins at most "
                            + "\(RaspLimits.selectorConjuncts)")
                }
                guard case .select = selector.operation else { continue }
                for (role, c) in [("keys", node.children[0]), ("queries", node.children[1])]
                where graph.nodes[c].sop?.encoding == .numerical {
                    throw CompileError(
                        node,
                        "the \(role) of a select must be categorical, "
                            + "but \(graph.nodes[c].label) is numerical")
                }
                continue
            }
            guard let sop = node.sop, case .aggregate(_, let value, let d) = sop.operation else { continue }
            let encoding = value.encoding.rawValue
            guard value.encoding == sop.encoding else {
                throw CompileError(
                    node,
                    "an aggregate's encoding must be its input's (\(encoding)), "
                        + "as in tracr; wrap it in \(encoding)(…)")
            }
            if sop.encoding == .categorical, let d {
                throw CompileError(
                    node,
                    "a categorical aggregate's default must be None (tracr), not "
                        + "\(Expr.quoted(d)); the compiled model reads an empty selection as None")
            }
            if sop.encoding == .numerical, d != .number(0) {
                throw CompileError(
                    node,
                    "a numerical aggregate needs default: 0 (tracr), got "
                        + (d.map(Expr.quoted) ?? "None"))
            }
        }
    }

    /// A map's MLP for each pair of encodings (tracr supports all four).
    static func mapUnits(
        _ node: ProgramGraph.Node, _ f: Function, input: ResidualLayout.Span,
        inputValues: [Value]?, output: ResidualLayout.Span, layout: ResidualLayout,
        options: CompileOptions
    ) throws -> (String, [HiddenUnit]) {
        let target = MLPBuilder.Target(span: output)
        let apply = { (x: Value) in try? f.apply([x]) }
        switch (input.encoding, output.encoding) {
        case (.categorical, .categorical):
            return ("lookup table", MLPBuilder.lookupTable(input: input, target: target, apply))
        case (.categorical, .numerical):
            return ("lookup table", MLPBuilder.categoricalToNumber(input: input, target: target, apply))
        case (.numerical, .numerical) where LinearForm(f) != nil:
            let units = MLPBuilder.linear(
                inputs: [input.start], form: LinearForm(f)!, one: layout.one,
                target: output.start)
            return ("linear", units)
        case (.numerical, _):
            guard let xs = inputValues else {
                throw CompileError(node, "its numerical input takes too many values to discretize (lower --max-length)")
            }
            let points = xs.compactMap { x -> (x: Double, y: Value)? in
                guard let d = x.number, let y = apply(x) else { return nil }
                return (d, y)
            }.sorted { $0.x < $1.x }
            let units = MLPBuilder.discretizing(
                input: input.start, points: points, one: layout.one, target: target,
                sharpness: options.discretizationSharpness)
            return ("discretizing", units)
        }
    }

    /// A sequence map's MLP: a table of pairs for categorical inputs, a linear MLP for numerical ones.
    static func sequenceMapUnits(
        _ node: ProgramGraph.Node, _ f: Function, _ a: ResidualLayout.Span,
        _ b: ResidualLayout.Span, values: ([Value]?, [Value]?), output: ResidualLayout.Span,
        layout: ResidualLayout, options: CompileOptions
    ) throws -> (String, [HiddenUnit]) {
        let target = MLPBuilder.Target(span: output)
        if a.label == b.label {
            // Both arguments are one s-op: a map of f(x, x), as tracr compiles it.
            let x = f.parameters[0]
            let g = Function(parameters: [x], body: f.body.substituting(f.parameters[1], with: .variable(x)))
            return try mapUnits(
                node, g, input: a, inputValues: values.0, output: output, layout: layout,
                options: options)
        }
        switch (a.encoding, b.encoding) {
        case (.categorical, .categorical):
            let units = MLPBuilder.pairTable(a, b, one: layout.one, target: target) { try? f.apply([$0, $1]) }
            return ("pair table", units)
        case (.numerical, .numerical):
            guard output.encoding == .numerical, let form = LinearForm(f) else {
                throw CompileError(
                    node,
                    "a sequence_map of two numerical s-ops must be numerical and linear, "
                        + "a·x + b·y + c (tracr's LinearSequenceMap); this one is \(f)")
            }
            let units = MLPBuilder.linear(
                inputs: [a.start, b.start], form: form, one: layout.one,
                target: output.start)
            return ("linear", units)
        default:
            throw CompileError(
                node,
                "a sequence_map cannot mix a numerical and a categorical input (as tracr); "
                    + "convert one with numerical(…) or a categorical map")
        }
    }
}
