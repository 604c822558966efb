/// What a compiled transformer is made of, layer by layer: saved in its metadata, shown by
/// `reckon rasp show`, and used to read its weights back.
public struct ModelArchitecture: Codable, Sendable {
    /// One attention head: the s-op it computes and the selector it implements.
    public struct Head: Codable, Sendable {
        /// The s-op the head writes (an aggregate, or a selector width's first half).
        public let label: String
        /// `aggregate` or `selector_width`.
        public let kind: String
        /// `select(keys, queries, predicate)`.
        public let selector: String
        /// The aggregated s-op (nil for a selector width, whose head reads only BOS).
        public let value: String?
        /// Query/key directions used (the selector's key values plus BOS) and value directions used.
        public let keySize: Int
        public let valueSize: Int
    }

    /// One MLP: the s-op it computes and how.
    public struct MLP: Codable, Sendable {
        public let label: String
        /// `lookup table`, `pair table`, `linear`, `discretizing` or `selector width`.
        public let kind: String
        /// The s-ops it reads.
        public let inputs: [String]
        public let hidden: Int
    }

    /// One transformer layer: an attention sublayer then an MLP sublayer, either possibly empty.
    public struct Layer: Codable, Sendable {
        public let heads: [Head]
        /// Per-head query/key width and value width in this layer (the widest head's; others are zero-padded).
        public let keySize: Int
        public let valueSize: Int
        public let mlps: [MLP]
        /// Hidden units of the layer's MLPs side by side.
        public var hidden: Int { mlps.reduce(0) { $0 + $1.hidden } }
    }

    public let layers: [Layer]
    /// The program's output s-op.
    public let output: String
    /// Layers tracr's heuristic schedule would use for the same graph.
    public let tracrLayerCount: Int
    /// The attention logit of a selected key.
    public let softmaxColdness: Double

    public var headCount: Int { layers.reduce(0) { $0 + $1.heads.count } }
    public var mlpCount: Int { layers.reduce(0) { $0 + $1.mlps.count } }
    public var maxHeadsPerLayer: Int { layers.map(\.heads.count).max() ?? 0 }
    public var maxHidden: Int { layers.map(\.hidden).max() ?? 0 }
}
