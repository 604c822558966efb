/// The attention constructions (tracr's `categorical_attn` and the head of `selector_width`).
enum AttentionBuilder {
    /// One conjunct of a selector: its queries' and keys' directions and the predicate.
    typealias Conjunct = (queries: ResidualLayout.Span, keys: ResidualLayout.Span, predicate: Predicate)

    /// Key coordinate 0 is BOS; then each conjunct has one coordinate per key value. A query of
    /// value q scores a key value k with `coldness · predicate(k, q)` in each conjunct, so a key that
    /// all m conjuncts select scores m·coldness and any other at most (m−1)·coldness; BOS scores
    /// `bosScore` through `one`. A predicate that throws (ordering a number against a string) selects
    /// nothing. With m = 1 this is tracr's `categorical_attn` query-key form.
    static func selection(
        _ conjuncts: [Conjunct], layout: ResidualLayout, coldness: Double,
        bosScore: Double
    ) -> HeadWeights {
        var h = HeadWeights(keySize: 1 + conjuncts.reduce(0) { $0 + $1.keys.values.count }, valueSize: 0)
        h.key.append((layout.bos, 0, 1))
        h.query.append((layout.one, 0, bosScore))
        var offset = 1
        for c in conjuncts {
            for j in c.keys.values.indices { h.key.append((c.keys.start + j, offset + j, 1)) }
            for (i, q) in c.queries.values.enumerated() {
                for (j, k) in c.keys.values.enumerated() where (try? c.predicate.holds(key: k, query: q)) == true {
                    h.query.append((c.queries.start + i, offset + j, coldness))
                }
            }
            offset += c.keys.values.count
        }
        return h
    }

    /// An aggregate (tracr's `categorical_attn` with a null default): BOS scores half a conjunct
    /// below a selected key, so it wins only when nothing is selected, and its value is zero, which
    /// decodes as None (categorical) or the default 0 (numerical). Values copy into the output's directions.
    static func aggregate(
        _ conjuncts: [Conjunct], values: ResidualLayout.Span, output: ResidualLayout.Span,
        layout: ResidualLayout, coldness: Double
    ) -> HeadWeights {
        var h = selection(
            conjuncts, layout: layout, coldness: coldness,
            bosScore: (Double(conjuncts.count) - 0.5) * coldness)
        if output.encoding == .numerical {
            h.valueSize = 1
            h.value.append((values.start, 0, 1))
            h.output.append((0, output.start, 1))
        } else {
            h.valueSize = output.values.count
            for (j, v) in values.values.enumerated() {
                guard let m = output.values.firstIndex(of: v) else { continue }
                h.value.append((values.start + j, m, 1))
            }
            for m in output.values.indices { h.output.append((m, output.start + m, 1)) }
        }
        return h
    }

    /// A selector width's head (tracr's `selector_width`): BOS scores as much as a selected key and
    /// is the only value, so the head writes 1/(w+1) for w selected keys.
    static func selectorWidth(
        _ conjuncts: [Conjunct], widthDirection: Int, layout: ResidualLayout,
        coldness: Double
    ) -> HeadWeights {
        var h = selection(conjuncts, layout: layout, coldness: coldness, bosScore: Double(conjuncts.count) * coldness)
        h.valueSize = 1
        h.value.append((layout.bos, 0, 1))
        h.output.append((0, widthDirection, 1))
        return h
    }
}
