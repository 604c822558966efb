import ReckonNN
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

/// A pre-LayerNorm Transformer block (multi-head self-attention, GELU MLP), kept here so
/// the TTM does not depend on the Transformer folder's internals.
public final class TTMBlock: Module {
    let norm1: LayerNorm, norm2: LayerNorm
    let query: Linear, key: Linear, value: Linear, projection: Linear
    let up: Linear, down: Linear
    let heads: Int

    public init(width: Int, heads: Int, rng: inout RandomGenerator) {
        precondition(width % heads == 0, "width must be a multiple of heads")
        self.heads = heads
        norm1 = LayerNorm(width); norm2 = LayerNorm(width)
        query = Linear(width, width, rng: &rng); key = Linear(width, width, rng: &rng)
        value = Linear(width, width, rng: &rng); projection = Linear(width, width, rng: &rng)
        up = Linear(width, 2 * width, rng: &rng); down = Linear(2 * width, width, rng: &rng)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let b = x.shape[0], n = x.shape[1], d = x.shape[2], dh = d / heads
        func split(_ t: Tensor) -> Tensor { t.reshaped([b, n, heads, dh]).permuted([0, 2, 1, 3]).reshaped([b * heads, n, dh]) }
        let h = norm1(x)
        let q = split(query(h)), k = split(key(h)), v = split(value(h))
        let attention = (matmul(q, k, transposeB: true) * (1 / Float(dh).squareRoot())).softmax(axis: 2)
        let mixed = matmul(attention, v).reshaped([b, heads, n, dh]).permuted([0, 2, 1, 3]).reshaped([b, n, d])
        let y = x + projection(mixed)
        return y + down(up(norm2(y)).gelu())
    }
}

/// `ttm`: a Token Turing Machine (Ryoo et al. 2023): a memory of m tokens read and written by
/// token summarization around a small Transformer, one tape position per step.
///
/// Per step t (the "chunk" is one tape position, so outputs exist at every position):
///
///     i_t = E x_t                                           one input token [B, 1, d]
///     Z_t = Read([M_{t−1} ‖ i_t] + P_r)                    r tokens (summarization)
///     O_t = Transformer(Z_t)                                L pre-LN blocks
///     M_t = Write([M_{t−1} ‖ O_t ‖ i_t] + P_w)             m tokens (summarization)
///     logits_t = W mean(O_t) + w
///
/// P_r, P_w are learned position embeddings of the concatenated tokens (so summarization can
/// tell memory slots from the new input), M_0 is learned. Defaults (small, for the bit
/// tasks): m = 16 memory tokens, r = 4 read tokens, d = 32, 1 block with 2 heads,
/// summarizer MLP width 32.
public final class TokenTuringMachine: Module, Machine, ComputationSteps {
    public let name = "ttm"
    public let computationStepsMult: Int
    public let memoryTokens: Int, readTokens: Int, width: Int
    let embed: Linear
    let reader: TokenSummarizer
    let writer: TokenSummarizer
    let blocks: [TTMBlock]
    let output: Linear
    @Parameter var initialMemory: Tensor
    @Parameter var readPositions: Tensor
    @Parameter var writePositions: Tensor

    public init(inputSize: Int, outputSize: Int, hyperparameters hp: Hyperparameters, rng: inout RandomGenerator) {
        computationStepsMult = hp.int("computation_steps_mult")
        memoryTokens = hp.int("memory_tokens"); readTokens = hp.int("read_tokens"); width = hp.int("embedding_size")
        let tape = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMult)
        embed = Linear(tape, width, rng: &rng)
        let hidden = hp.int("summarizer_hidden")
        reader = TokenSummarizer(width: width, outputs: readTokens, hiddenWidth: hidden, rng: &rng)
        writer = TokenSummarizer(width: width, outputs: memoryTokens, hiddenWidth: hidden, rng: &rng)
        var layers: [TTMBlock] = []
        for _ in 0..<hp.int("layers") { layers.append(TTMBlock(width: width, heads: hp.int("heads"), rng: &rng)) }
        blocks = layers
        output = Linear(width, outputSize, rng: &rng)
        _initialMemory = Parameter(wrappedValue: Tensor.normal([memoryTokens, width], std: 0.1, rng: &rng))
        _readPositions = Parameter(wrappedValue: Tensor.normal([memoryTokens + 1, width], std: 0.1, rng: &rng))
        _writePositions = Parameter(wrappedValue: Tensor.normal([memoryTokens + readTokens + 1, width], std: 0.1, rng: &rng))
        super.init()
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0], steps = x.shape[1]
        let tokens = embed(x).split(parts: steps, axis: 1)
        var memory = initialMemory.expandingDims(at: 0).broadcast(to: [batch, memoryTokens, width])
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            let input = tokens[t]
            var processed = reader(concat([memory, input], axis: 1) + readPositions)
            for block in blocks { processed = block(processed) }
            memory = writer(concat([memory, processed, input], axis: 1) + writePositions)
            outs.append(processed.mean(axis: 1))
        }
        return output(stack(outs, axis: 1))
    }
}
