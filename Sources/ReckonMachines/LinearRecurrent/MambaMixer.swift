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
        let low = Foundation.log(0.001)
        let high = Foundation.log(0.1)
        let bias = (0..<inner).map { _ -> Float in
            let dt = max(Foundation.exp(low + (high - low) * Double(rng.nextFloat())), 1e-4)
            return Float(dt + Foundation.log(-Foundation.expm1(-dt)))
        }
        stepProjection.bias?.wrappedValue = Tensor(bias, shape: [inner]).requiringGradient()
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
        let transition = range.diagonal((delta.reshaped([batch, steps, inner, 1]) * a).exp())
        let drive = (delta * x).reshaped([batch, steps, inner, 1]) * b
        let states = diagonalRecurrence(transition, drive, form: form)
        let y = (states * c).sum(axis: 3) + x * skip
        return outProjection(y * xz[1].silu())
    }
}
