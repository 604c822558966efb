/// Rows of x [B, N, C] mixed with per-batch-item weights w [B, K] along K fixed source tables
/// of length M: y[b, i, :] = Σ_k w[b, k] · x[b, sources[k][i], :], where a source of −1 adds
/// nothing. Result [B, M, C].
///
/// The stack and tape memories update as a weighted sum of shifted copies of themselves; as
/// one op that is one pass over the memory instead of a dozen slices, products and sums
/// (each with its own buffer and backward), which dominated those machines' step time.
public func mixRows(_ x: Tensor, weights w: Tensor, sources: [[Int]]) -> Tensor {
    precondition(
        x.rank == 3 && w.rank == 2 && w.shape[0] == x.shape[0] && w.shape[1] == sources.count,
        "mixRows needs x [B, N, C] and weights [B, K] with K source tables, got \(x.shape) and \(w.shape) for "
            + "\(sources.count) tables"
    )
    let batch = x.shape[0]
    let n = x.shape[1]
    let cell = x.shape[2]
    let k = sources.count
    let m = sources.first?.count ?? 0
    precondition(sources.allSatisfy { $0.count == m }, "mixRows source tables must have equal lengths")
    precondition(sources.allSatisfy { $0.allSatisfy { $0 >= -1 && $0 < n } }, "mixRows sources must lie in -1..<\(n)")
    let runs = MixRuns(sources)
    let out = Tensor.zeros([batch, m, cell])
    let px = x.storage.pointer
    let pw = w.storage.pointer
    let py = out.storage.pointer
    Parallel.chunks(batch, cost: k * m * cell) { s, e in
        for b in s..<e {
            for j in 0..<k {
                let wv = pw[b * k + j]
                runs.forEach(table: j) { dst, src, count in
                    let xr = px + (b * n + src) * cell
                    let yr = py + (b * m + dst) * cell
                    for c in 0..<count * cell { yr[c] += wv * xr[c] }
                }
            }
        }
    }
    let xv = x.detached
    let wv = w.detached
    return Tensor.record(.mixRows, inputs: [x, w], output: out) { g, needs in
        let pg = g.storage.pointer
        var dx: Tensor? = nil
        var dw: Tensor? = nil
        if needs[0] {
            let t = Tensor.zeros(xv.shape)
            let pd = t.storage.pointer
            let pwv = wv.storage.pointer
            Parallel.chunks(batch, cost: k * m * cell) { s, e in
                for b in s..<e {
                    for j in 0..<k {
                        let weight = pwv[b * k + j]
                        runs.forEach(table: j) { dst, src, count in
                            let dr = pd + (b * n + src) * cell
                            let gr = pg + (b * m + dst) * cell
                            for c in 0..<count * cell { dr[c] += weight * gr[c] }
                        }
                    }
                }
            }
            dx = t
        }
        if needs[1] {
            let t = Tensor.zeros(wv.shape)
            let pd = t.storage.pointer
            let pxv = xv.storage.pointer
            Parallel.chunks(batch, cost: k * m * cell) { s, e in
                for b in s..<e {
                    for j in 0..<k {
                        var acc: Float = 0
                        runs.forEach(table: j) { dst, src, count in
                            let xr = pxv + (b * n + src) * cell
                            let gr = pg + (b * m + dst) * cell
                            for c in 0..<count * cell { acc += gr[c] * xr[c] }
                        }
                        pd[b * k + j] = acc
                    }
                }
            }
            dw = t
        }
        return [dx, dw]
    }
}

/// The source tables of `mixRows` as runs of consecutive rows: (destination row, source row,
/// row count) with source rows increasing one by one. Shifted copies are a few long runs, so
/// each becomes one contiguous loop over count · C floats, which the compiler vectorizes,
/// instead of a loop per row over C (8 for the stack) floats. Rows are visited in the same
/// order as row by row, so every sum is accumulated in the same order (bit-identical).
struct MixRuns {
    /// Flattened (dst, src, count) triples; `starts[j]..<starts[j + 1]` index table j's runs.
    private let triples: [Int]
    private let starts: [Int]

    init(_ sources: [[Int]]) {
        var triples: [Int] = []
        var starts = [0]
        for table in sources {
            var i = 0
            while i < table.count {
                if table[i] < 0 {
                    i += 1
                    continue
                }
                var count = 1
                while i + count < table.count, table[i + count] == table[i] + count { count += 1 }
                triples += [i, table[i], count]
                i += count
            }
            starts.append(triples.count / 3)
        }
        self.triples = triples
        self.starts = starts
    }

    @inline(__always)
    func forEach(table j: Int, _ body: (_ dst: Int, _ src: Int, _ count: Int) -> Void) {
        triples.withUnsafeBufferPointer { t in
            for r in starts[j]..<starts[j + 1] { body(t[3 * r], t[3 * r + 1], t[3 * r + 2]) }
        }
    }
}
