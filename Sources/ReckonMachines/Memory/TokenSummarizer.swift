import ReckonNN
import ReckonSupport
import ReckonTensor

/// Token summarization (Ryoo et al. 2023, TokenLearner-style): p tokens X [B, p, d] become
/// k tokens Z = αᵀ X, α = softmax over the p inputs of an MLP score s(X) ∈ R^{p×k}
/// (one importance weight per input token and output token).
public final class TokenSummarizer: Module {
    let hidden: Linear
    let score: Linear

    public init(width: Int, outputs: Int, hiddenWidth: Int, rng: inout RandomGenerator) {
        hidden = Linear(width, hiddenWidth, rng: &rng)
        score = Linear(hiddenWidth, outputs, rng: &rng)
        super.init()
    }

    /// The importance weights α [B, p, k] (each column sums to 1 over the p inputs).
    public func weights(_ x: Tensor) -> Tensor { score(hidden(x).gelu()).softmax(axis: 1) }

    /// k summary tokens [B, k, d].
    public func callAsFunction(_ x: Tensor) -> Tensor { matmul(weights(x), x, transposeA: true) }
}
