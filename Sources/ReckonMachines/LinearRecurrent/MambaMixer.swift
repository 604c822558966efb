import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor

/// Mamba-1's selective SSM layer (Gu & Dao 2023; mamba.py's `MambaBlock`, which Grazzi et al.
/// modify): in_proj to x and the gate z, a short causal convolution and SiLU on x, an
/// input-dependent Δ (low rank, softplus), B and C, a diagonal A = −exp(A_log), the scan
/// h_t = exp(Δ_t A) h_{t−1} + Δ_t B_t x_t (transition 2·exp(Δ A) − 1 for [−1, 1]),
/// y = C h + D x, and out_proj(y ⊙ SiLU(z)).
final class MambaMixer: Module, SequenceMixer {
    let inProjection: Linear
    let convolution: ShortConvolution
    let selection: Linear
    let stepProjection: Linear
    @Parameter var logA: Tensor
    @Parameter var skip: Tensor
    let outProjection: Linear
    let inner: Int
    let stateSize: Int
    let rank: Int
    let range: EigenvalueRange
    /// Time steps per chunk of the scan (memory, not numbers: see `callAsFunction`).
    static let scanChunk = 64
    /// This layer's chunk (tests set another to check that chunking leaves the numbers alone).
    var scanChunk = MambaMixer.scanChunk

    init(width: Int, config: Mamba.Config, rng: inout RandomGenerator) {
        inner = config.expand * width
        stateSize = config.stateSize
        // mamba.py: dt_rank "auto" = ceil(d_model / 16).
        rank = config.stepRank > 0 ? config.stepRank : (width + 15) / 16
        range = config.shared.eigenvalueRange
        inProjection = Linear(width, 2 * inner, bias: false, rng: &rng)
        convolution = ShortConvolution(channels: inner, size: config.convolutionSize, bias: true, rng: &rng)
        selection = Linear(inner, rank + 2 * stateSize, bias: false, rng: &rng)
        // mamba.py's dt initialization: weights uniform ±dt_rank^−½; the bias is softplus⁻¹ of a Δ
        // drawn log-uniformly in [dt_min, dt_max] = [0.001, 0.1], floored at 1e-4.
        stepProjection = Linear(rank, inner, weightInit: .uniform(limit: 1 / Float(rank).squareRoot()), rng: &rng)
        stepProjection.bias?.wrappedValue = inverseSoftplusOfStepSizes(inner, rng: &rng).requiringGradient()
        // S4D-real initialization: A_n = −n for n = 1…N in every channel.
        let n = config.stateSize
        _logA = Parameter(
            wrappedValue: Tensor(
                (0..<inner).flatMap { _ in (1...n).map { Float(Foundation.log(Double($0))) } }, shape: [inner, n]))
        _skip = Parameter(wrappedValue: Tensor.ones([inner]))
        outProjection = Linear(inner, width, bias: false, rng: &rng)
        super.init()
    }

    func callAsFunction(_ input: Tensor, form: RecurrenceForm) -> Tensor {
        let (batch, steps) = (input.shape[0], input.shape[1])
        let xz = inProjection(input).split(parts: 2, axis: 2)
        let x = convolution(xz[0]).silu()
        let selected = selection(x).split(sizes: [rank, stateSize, stateSize], axis: 2)
        let delta = stepProjection(selected[0]).softplus()
        let b = selected[1].reshaped([batch, steps, 1, stateSize])
        let c = selected[2].reshaped([batch, steps, 1, stateSize])
        let a = -logA.exp()
        // The scan's inputs are [B, T, E, N]: 64 × 1 000 × 256 × 16 floats (1 GiB) each for an
        // evaluation batch on a 500-token task's tape, several of them at once. Time is taken in
        // chunks of `scanChunk` steps, the state carried between them, so without gradients only
        // one chunk's tensors are alive; the recurrence and its numbers are the same.
        let chunks = Swift.max(1, (steps + scanChunk - 1) / scanChunk)
        let sizes = (0..<chunks).map { Swift.min(scanChunk, steps - $0 * scanChunk) }
        func pieces(_ t: Tensor) -> [Tensor] { chunks == 1 ? [t] : t.split(sizes: sizes, axis: 1) }
        let (deltas, xs, bs, cs) = (pieces(delta), pieces(x), pieces(b), pieces(c))
        var state: Tensor? = nil
        var outputs: [Tensor] = []
        for i in 0..<chunks {
            let length = sizes[i]
            let transition = range.diagonal((deltas[i].reshaped([batch, length, inner, 1]) * a).exp())
            var drive = (deltas[i] * xs[i]).reshaped([batch, length, inner, 1]) * bs[i]
            if let state {
                // h_0 = a_0 ⊙ h_prev + b_0: the carried state enters through the first drive.
                let carry = transition.slice(axis: 1, 0..<1) * state
                drive = drive + (length == 1 ? carry : carry.padded(axis: 1, before: 0, after: length - 1))
            }
            let states = diagonalRecurrence(transition, drive, form: form)
            if i + 1 < chunks { state = states.slice(axis: 1, (length - 1)..<length) }
            outputs.append((states * cs[i]).sum(axis: 3))
        }
        let y = (outputs.count == 1 ? outputs[0] : concat(outputs, axis: 1)) + x * skip
        return outProjection(y * xz[1].silu())
    }
}
