/// Compiler stage 4: which sublayer computes each s-op. Sublayers alternate attention (even) and
/// MLP (odd); transformer layer i is sublayers 2i and 2i+1.
///
/// Every s-op goes to the earliest sublayer of its kind after everything it reads: a `map` or
/// `sequence_map` to an MLP, an `aggregate` to an attention sublayer, a `selector_width` to an
/// attention sublayer and the MLP right after it (its head and MLP, as tracr's). With no limit on
/// heads or MLP width per layer, this as-soon-as-possible schedule gives every s-op its earliest
/// possible sublayer, so no schedule has fewer layers. Tracr instead groups s-ops by their
/// longest path from the input and condenses only depths that are all attention followed by all
/// MLP; `tracrLayerCount` reproduces that heuristic for comparison.
public struct LayerSchedule: Sendable {
    /// Per graph node: the sublayer of its attention or MLP (for `selector_width`, of its attention);
    /// nil for tokens, indices and selectors.
    public let sublayer: [Int?]
    /// Transformer layers (attention + MLP pairs) up to the last used sublayer.
    public let layerCount: Int
    /// The scheduled nodes by sublayer, then graph order: the order their directions take in the residual stream.
    public var order: [Int] {
        sublayer.indices.filter { sublayer[$0] != nil }.sorted { (sublayer[$0]!, $0) < (sublayer[$1]!, $1) }
    }

    /// The kind of block an s-op compiles to.
    enum BlockKind { case none, mlp, attention, attentionThenMLP }

    static func kind(_ node: ProgramGraph.Node) -> BlockKind {
        guard let sop = node.sop else { return .none }
        switch sop.operation {
        case .tokens, .indices: return .none
        case .map, .sequenceMap: return .mlp
        case .aggregate: return .attention
        case .selectorWidth: return .attentionThenMLP
        }
    }

    /// The s-ops a node needs computed before it (through its selector, the keys and queries).
    static func inputs(_ graph: ProgramGraph, _ i: Int) -> [Int] {
        graph.nodes[i].children.flatMap { c in
            graph.nodes[c].selector != nil ? graph.conjuncts(c).flatMap { [$0.keys, $0.queries] } : [c]
        }
    }

    init(_ graph: ProgramGraph) {
        var sublayer = [Int?](repeating: nil, count: graph.nodes.count)
        var done = [Int](repeating: -1, count: graph.nodes.count)  // last sublayer that writes the s-op
        var last = -1
        for i in graph.nodes.indices {
            let ready = LayerSchedule.inputs(graph, i).map { done[$0] }.max() ?? -1
            let first = ready + 1
            switch LayerSchedule.kind(graph.nodes[i]) {
            case .none: continue
            case .mlp:
                let s = first % 2 == 1 ? first : first + 1
                sublayer[i] = s
                done[i] = s
            case .attention:
                let s = first % 2 == 0 ? first : first + 1
                sublayer[i] = s
                done[i] = s
            case .attentionThenMLP:
                let s = first % 2 == 0 ? first : first + 1
                sublayer[i] = s
                done[i] = s + 1
            }
            last = Swift.max(last, done[i])
        }
        self.sublayer = sublayer
        layerCount = last < 0 ? 0 : last / 2 + 1
    }

    /// The number of layers tracr's `_allocate_modules_to_layers` gives the same graph (at tracr
    /// commit 9ce2b8c: computational depth, the attention-then-MLP condensing, then sublayers by depth).
    static func tracrLayerCount(_ graph: ProgramGraph) -> Int {
        var depth = [Int](repeating: 0, count: graph.nodes.count)
        for i in graph.nodes.indices {
            let childDepth = graph.nodes[i].children.map { depth[$0] }.max() ?? 0
            depth[i] = graph.nodes[i].sop != nil && !graph.nodes[i].children.isEmpty ? childDepth + 1 : childDepth
        }
        var components = graph.nodes.indices.filter { kind(graph.nodes[$0]) != .none }
        guard !components.isEmpty else { return 0 }
        var nodeDepth: [Int: Int] = [:]
        for i in components { nodeDepth[i] = depth[i] }
        var byDepth: [Int: [Int]] = [:]
        for i in components { byDepth[nodeDepth[i]!, default: []].append(i) }
        let isAttention = { (i: Int) in kind(graph.nodes[i]) == .attention }
        let isMLP = { (i: Int) in kind(graph.nodes[i]) == .mlp }
        var d = byDepth.keys.min()!
        var maxDepth = byDepth.keys.max()!
        while d < maxDepth {
            if (byDepth[d] ?? []).allSatisfy(isAttention) && (byDepth[d + 1] ?? []).allSatisfy(isMLP) {
                for u in (d + 1)...maxDepth {
                    for i in byDepth[u] ?? [] { nodeDepth[i] = u - 1 }
                    byDepth[u - 1, default: []].append(contentsOf: byDepth[u] ?? [])
                    byDepth[u] = []
                }
                maxDepth -= 1
            }
            d += 1
        }
        components.sort { nodeDepth[$0]! < nodeDepth[$1]! }
        var currentLayer = 0
        var currentDepth = 1
        var last = 0
        for i in components {
            let nd = nodeDepth[i]!
            while nd > currentDepth {
                currentDepth += 1
                currentLayer += 2
            }
            if nd == currentDepth {
                switch kind(graph.nodes[i]) {
                case .attentionThenMLP: last = Swift.max(last, currentLayer + 1)
                case .mlp: last = Swift.max(last, currentLayer + 1)
                default: last = Swift.max(last, currentLayer)
                }
            }
        }
        return last / 2 + 1
    }
}
