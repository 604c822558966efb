import ReckonTensor

/// The (gated) delta rule over heads, in its recurrent and its chunked form.
///
/// With the state S [d_k, d_v] of each head, the update at step t is
/// S_t = α_t · (I − β_t k_t k_tᵀ) S_{t−1} + β_t k_t v_tᵀ and the output o_t = S_tᵀ q_t
/// (DeltaNet: α = 1; Gated DeltaNet, Yang, Kautz & Hatamizadeh 2025: α_t = exp(g_t) ≤ 1).
/// Inputs are [B, H, T, d] for q, k (L2-normalized) and v, [B, H, T] for β and g.
enum DeltaRule {
    /// Step by step: the recurrence as written.
    static func recurrent(q: Tensor, k: Tensor, v: Tensor, beta: Tensor, logDecay: Tensor?) -> Tensor {
        let (batch, heads, steps, dk) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let dv = v.shape[3]
        precondition(steps > 0, "DeltaRule.recurrent needs at least one step")
        // One split per input: slicing per step would give every step a backward the size of the sequence.
        let qs = q.split(parts: steps, axis: 2)
        let ks = k.split(parts: steps, axis: 2)
        let vs = v.split(parts: steps, axis: 2)
        let betas = beta.reshaped([batch, heads, steps, 1]).split(parts: steps, axis: 2)
        let decays = logDecay.map { $0.exp().reshaped([batch, heads, steps, 1]).split(parts: steps, axis: 2) }
        var state = Tensor.zeros([batch, heads, dk, dv])
        var outputs: [Tensor] = []
        outputs.reserveCapacity(steps)
        for t in 0..<steps {
            if let decays { state = state * decays[t] }
            // u = β (v − Sᵀk): the value the key now reads, moved towards v by β.
            let read = matmul(ks[t], state)
            let update = betas[t] * (vs[t] - read)
            state = state + matmul(ks[t], update, transposeA: true)
            outputs.append(matmul(qs[t], state))
        }
        return concat(outputs, axis: 2)
    }

    /// The chunked WY form (Yang et al. 2024, "Parallelizing Linear Transformers with the Delta
    /// Rule over Sequence Length"; fla's `delta_rule_chunkwise`, its gated variant
    /// `chunk_gated_delta_rule`): within a chunk of C steps starting from S₀, S_t = γ_t S₀ +
    /// Σ_{i≤t} (γ_t/γ_i) k_i u_iᵀ with γ the decay's running product, and the pseudo-values solve
    /// (I + A) U = diag(β) V − diag(β γ) K S₀, A_ti = β_t (γ_t/γ_i) k_t·k_i below the diagonal.
    /// So W = (I + A)⁻¹ diag(βγ) K and U′ = (I + A)⁻¹ diag(β) V come from matrix products for
    /// all chunks at once, and only C-times-shorter chunk recurrence remains:
    /// U = U′ − W S, O = diag(γ) Q S + (QKᵀ ⊙ Γ, lower) U, S ← γ_C S + (diag(γ_C/γ) K)ᵀ U.
    static func chunked(
        q: Tensor, k: Tensor, v: Tensor, beta: Tensor, logDecay: Tensor?, chunkSize: Int
    ) -> Tensor {
        let (batch, heads, steps, dk) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let dv = v.shape[3]
        precondition(steps > 0, "DeltaRule.chunked needs at least one step")
        let size = min(chunkSize, steps)
        let chunks = (steps + size - 1) / size
        let padding = chunks * size - steps
        // Padded steps have k = v = β = 0 and no decay: they leave the state as it is.
        func inChunks(_ x: Tensor, width: Int?) -> Tensor {
            let p = padding == 0 ? x : x.padded(axis: 2, before: 0, after: padding)
            return p.reshaped([batch, heads, chunks, size] + (width.map { [$0] } ?? []))
        }
        let qc = inChunks(q, width: dk)
        let kc = inChunks(k, width: dk)
        let vc = inChunks(v, width: dv)
        let bc = inChunks(beta, width: nil).reshaped([batch, heads, chunks, size, 1])
        let strictlyLower = Self.mask(size, includingDiagonal: false)
        let lower = Self.mask(size, includingDiagonal: true)

        // γ, γ_C / γ and Γ_ti = γ_t / γ_i (lower triangle) from the cumulative log decay.
        var gamma: Tensor? = nil
        var gammaToEnd: Tensor? = nil
        var gammaLast: Tensor? = nil
        var pairwise: Tensor? = nil
        if let logDecay {
            let cumulative = inChunks(logDecay, width: nil).cumulativeSum(axis: 3)
            let last = cumulative.slice(axis: 3, (size - 1)..<size)
            gamma = cumulative.exp().reshaped([batch, heads, chunks, size, 1])
            gammaToEnd = (last - cumulative).exp().reshaped([batch, heads, chunks, size, 1])
            gammaLast = last.exp().reshaped([batch, heads, chunks, 1, 1])
            let difference =
                cumulative.reshaped([batch, heads, chunks, size, 1])
                - cumulative.reshaped([batch, heads, chunks, 1, size])
            // Masked before exp: above the diagonal the difference is positive and could overflow.
            pairwise = (difference * lower).exp() * lower
        }

        let kBeta = kc * bc
        var interaction = matmul(kBeta, kc, transposeB: true) * strictlyLower
        if let pairwise { interaction = interaction * pairwise }
        let w = unitLowerTriangularSolve(interaction, gamma.map { kBeta * $0 } ?? kBeta)
        let u = unitLowerTriangularSolve(interaction, vc * bc)
        var scores = matmul(qc, kc, transposeB: true) * lower
        if let pairwise { scores = scores * pairwise }
        let queries = gamma.map { qc * $0 } ?? qc
        let keysToEnd = gammaToEnd.map { kc * $0 } ?? kc

        let ws = w.split(parts: chunks, axis: 2)
        let us = u.split(parts: chunks, axis: 2)
        let qs = queries.split(parts: chunks, axis: 2)
        let ss = scores.split(parts: chunks, axis: 2)
        let ks = keysToEnd.split(parts: chunks, axis: 2)
        let decays = gammaLast?.split(parts: chunks, axis: 2)
        var state = Tensor.zeros([batch, heads, 1, dk, dv])
        var outputs: [Tensor] = []
        outputs.reserveCapacity(chunks)
        for n in 0..<chunks {
            let values = us[n] - matmul(ws[n], state)
            outputs.append(matmul(qs[n], state) + matmul(ss[n], values))
            let decayed = decays.map { state * $0[n] } ?? state
            state = decayed + matmul(ks[n], values, transposeA: true)
        }
        let out = concat(outputs, axis: 2).reshaped([batch, heads, chunks * size, dv])
        return padding == 0 ? out : out.slice(axis: 2, 0..<steps)
    }

    /// A constant C×C lower-triangular mask of ones.
    static func mask(_ size: Int, includingDiagonal: Bool) -> Tensor {
        var values = [Float](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0..<(includingDiagonal ? i + 1 : i) { values[i * size + j] = 1 }
        }
        return Tensor(values, shape: [size, size])
    }
}
