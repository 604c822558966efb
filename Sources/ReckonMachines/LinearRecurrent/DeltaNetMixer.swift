import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor

/// fla's DeltaNet layer (`DeltaNetNoTriton` in Grazzi et al.'s fork), optionally gated as Gated
/// DeltaNet: q, k, v projections, each through a short causal convolution and SiLU; q and k
/// L2-normalized per head (q also scaled by d_k^−½, as fla's recurrence); β from a projection
/// (σ, or 2σ for [−1, 1]); the delta rule per head; a per-head RMSNorm of the output (gated:
/// times SiLU of a gate projection); o_proj. The gate's decay α = exp(−exp(A_log)·softplus(·)),
/// as Gated DeltaNet (and Mamba-2) parameterize it.
final class DeltaNetMixer: Module, SequenceMixer {
    let query: Linear
    let key: Linear
    let value: Linear
    let betaProjection: Linear
    let queryConvolution: ShortConvolution
    let keyConvolution: ShortConvolution
    let valueConvolution: ShortConvolution
    let outputNorm: RMSNorm
    let decayProjection: Linear?
    let gateProjection: Linear?
    /// log A of the gate's decay rate, per head; absent without the gate.
    let logDecayRate: Parameter?
    let outProjection: Linear
    let heads: Int
    let headWidth: Int
    let chunkSize: Int
    let range: EigenvalueRange

    init(
        width: Int, heads: Int, convolutionSize: Int, chunkSize: Int, gated: Bool, range: EigenvalueRange,
        rng: inout RandomGenerator
    ) {
        self.heads = heads
        headWidth = width / heads
        self.chunkSize = chunkSize
        self.range = range
        // fla's DeltaNet: xavier_uniform with gain 2^−2.5 for every projection.
        let limit = Float(pow(2.0, -2.5)) * (6 / Float(2 * width)).squareRoot()
        let initializer = Initializer.uniform(limit: limit)
        query = Linear(width, width, bias: false, weightInit: initializer, rng: &rng)
        key = Linear(width, width, bias: false, weightInit: initializer, rng: &rng)
        value = Linear(width, width, bias: false, weightInit: initializer, rng: &rng)
        betaProjection = Linear(width, heads, bias: false, weightInit: initializer, rng: &rng)
        queryConvolution = ShortConvolution(channels: width, size: convolutionSize, bias: false, rng: &rng)
        keyConvolution = ShortConvolution(channels: width, size: convolutionSize, bias: false, rng: &rng)
        valueConvolution = ShortConvolution(channels: width, size: convolutionSize, bias: false, rng: &rng)
        outputNorm = RMSNorm(headWidth)
        if gated {
            decayProjection = Linear(width, heads, weightInit: initializer, rng: &rng)
            gateProjection = Linear(width, width, bias: false, weightInit: initializer, rng: &rng)
            // Gated DeltaNet: A uniform in [1, 16]; the decay projection's bias is softplus⁻¹ of a
            // Δ log-uniform in [0.001, 0.1], so α starts near 1 (long memory).
            logDecayRate = Parameter(
                wrappedValue: Tensor(
                    (0..<heads).map { _ in Float(Foundation.log(1 + 15 * Double(rng.nextFloat()))) }, shape: [heads]))
            decayProjection?.bias?.wrappedValue = inverseSoftplusOfStepSizes(heads, rng: &rng).requiringGradient()
        } else {
            decayProjection = nil
            gateProjection = nil
            logDecayRate = nil
        }
        outProjection = Linear(width, width, bias: false, weightInit: initializer, rng: &rng)
        super.init()
    }

    /// [B, T, H·d] → [B, H, T, d].
    func splitHeads(_ x: Tensor) -> Tensor {
        x.reshaped([x.shape[0], x.shape[1], heads, headWidth]).permuted([0, 2, 1, 3])
    }

    func normalized(_ x: Tensor) -> Tensor {
        // F.normalize(x, eps=1e-6): x / max(‖x‖, ε); the ε inside the root keeps the gradient finite at 0.
        x / (x.squared().sum(axis: -1, keepDims: true) + 1e-12).sqrt()
    }

    func callAsFunction(_ x: Tensor, form: RecurrenceForm) -> Tensor {
        let (batch, steps) = (x.shape[0], x.shape[1])
        let q = normalized(splitHeads(queryConvolution(query(x)).silu())) * (1 / Float(headWidth).squareRoot())
        let k = normalized(splitHeads(keyConvolution(key(x)).silu()))
        let v = splitHeads(valueConvolution(value(x)).silu())
        let beta = range.beta(betaProjection(x)).permuted([0, 2, 1])
        var logDecay: Tensor? = nil
        if let decayProjection, let logDecayRate {
            logDecay = (-logDecayRate.wrappedValue.exp() * decayProjection(x).softplus()).permuted([0, 2, 1])
        }
        let o: Tensor
        switch form {
        case .parallel:
            o = DeltaRule.chunked(q: q, k: k, v: v, beta: beta, logDecay: logDecay, chunkSize: chunkSize)
        case .recurrent:
            o = DeltaRule.recurrent(q: q, k: k, v: v, beta: beta, logDecay: logDecay)
        }
        var out = outputNorm(o.permuted([0, 2, 1, 3]))
        if let gateProjection {
            out = out * gateProjection(x).reshaped([batch, steps, heads, headWidth]).silu()
        }
        return outProjection(out.reshaped([batch, steps, heads * headWidth]))
    }
}
