/// Rows of x [B, N, C] mixed with per-batch-item weights w [B, K] along K fixed source tables
/// of length M: y[b, i, :] = Σ_k w[b, k] · x[b, sources[k][i], :], where a source of −1 adds
/// nothing. Result [B, M, C].
///
/// The stack and tape memories update as a weighted sum of shifted copies of themselves; as
/// one op that is one pass over the memory instead of a dozen slices, products and sums
/// (each with its own buffer and backward), which dominated those machines' step time.
public func mixRows(_ x: Tensor, weights w: Tensor, sources: [[Int]]) -> Tensor {
    precondition(x.rank == 3 && w.rank == 2 && w.shape[0] == x.shape[0] && w.shape[1] == sources.count,
                 "mixRows needs x [B, N, C] and weights [B, K] with K source tables, got \(x.shape) and \(w.shape) for \(sources.count) tables")
    let batch = x.shape[0], n = x.shape[1], cell = x.shape[2], k = sources.count
    let m = sources.first?.count ?? 0
    precondition(sources.allSatisfy { $0.count == m }, "mixRows source tables must have equal lengths")
    let table = sources.flatMap { $0 }
    precondition(table.allSatisfy { $0 >= -1 && $0 < n }, "mixRows sources must lie in -1..<\(n)")
    let out = Tensor.zeros([batch, m, cell])
    let px = x.storage.pointer, pw = w.storage.pointer, py = out.storage.pointer
    Parallel.chunks(batch, cost: k * m * cell) { s, e in
        for b in s..<e {
            for j in 0..<k {
                let wv = pw[b * k + j]
                for i in 0..<m {
                    let src = table[j * m + i]
                    if src < 0 { continue }
                    let xr = px + (b * n + src) * cell, yr = py + (b * m + i) * cell
                    for c in 0..<cell { yr[c] += wv * xr[c] }
                }
            }
        }
    }
    let xv = x.detached, wv = w.detached
    return Tensor.record(.mixRows, inputs: [x, w], output: out) { g, needs in
        let pg = g.storage.pointer
        var dx: Tensor? = nil, dw: Tensor? = nil
        if needs[0] {
            let t = Tensor.zeros(xv.shape)
            let pd = t.storage.pointer, pwv = wv.storage.pointer
            Parallel.chunks(batch, cost: k * m * cell) { s, e in
                for b in s..<e {
                    for j in 0..<k {
                        let weight = pwv[b * k + j]
                        for i in 0..<m {
                            let src = table[j * m + i]
                            if src < 0 { continue }
                            let dr = pd + (b * n + src) * cell, gr = pg + (b * m + i) * cell
                            for c in 0..<cell { dr[c] += weight * gr[c] }
                        }
                    }
                }
            }
            dx = t
        }
        if needs[1] {
            let t = Tensor.zeros(wv.shape)
            let pd = t.storage.pointer, pxv = xv.storage.pointer
            Parallel.chunks(batch, cost: k * m * cell) { s, e in
                for b in s..<e {
                    for j in 0..<k {
                        var acc: Float = 0
                        for i in 0..<m {
                            let src = table[j * m + i]
                            if src < 0 { continue }
                            let xr = pxv + (b * n + src) * cell, gr = pg + (b * m + i) * cell
                            for c in 0..<cell { acc += gr[c] * xr[c] }
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
